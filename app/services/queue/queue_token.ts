import encryption from '@adonisjs/core/services/encryption'
import { DateTime } from 'luxon'
import { AppException } from '#exceptions/app_exception'
import { clock } from '#services/clock'
import { currentTenantOrFail } from '#tenants/context'

/** What a morning QR carries (QUE-R15): tenant, branch, day and the specialist's queue. */
export interface QueueTokenPayload {
  tenantId: number
  branchId: number
  day: string
  doctorId: number
}

const purposeOf = (tenantId: number) => `queue-join:${tenantId}`

/**
 * Signs a day token for the current tenant. It expires at the end of `day`
 * in the branch's zone; a token of another tenant never verifies here
 * because the tenant is part of the signature's purpose.
 */
export function signQueueToken(payload: Omit<QueueTokenPayload, 'tenantId'>, zone: string) {
  const tenantId = currentTenantOrFail().tenant.id
  const endOfDay = DateTime.fromISO(payload.day, { zone }).endOf('day')
  const seconds = Math.max(60, Math.ceil(endOfDay.diff(clock.now(), 'seconds').seconds))
  const body = { t: tenantId, b: payload.branchId, d: payload.day, q: payload.doctorId }
  return encryption.getMessageVerifier().sign(body, seconds, purposeOf(tenantId))
}

/**
 * Tokens already verified, by tenant and token: at 07:00 a whole waiting room
 * joins with the same few tokens, and one HMAC check each is enough. A token
 * stays usable only for its day: the join refuses a past day on its own.
 */
const verified = new Map<string, QueueTokenPayload>()
const MOST_REMEMBERED = 1000

/** The token's payload, or TOKEN_INVALID (404) when forged, expired or of another tenant. */
export function verifyQueueToken(token: unknown): QueueTokenPayload {
  const tenantId = currentTenantOrFail().tenant.id
  if (typeof token !== 'string' || token.length >= 1000)
    throw new AppException('TOKEN_INVALID', 404)
  const key = `${tenantId}:${token}`
  const known = verified.get(key)
  if (known) return known
  const body = encryption
    .getMessageVerifier()
    .unsign<{ t: number; b: number; d: string; q: number }>(token, purposeOf(tenantId))
  if (!body || body.t !== tenantId) throw new AppException('TOKEN_INVALID', 404)
  const payload = { tenantId: body.t, branchId: body.b, day: body.d, doctorId: body.q }
  if (verified.size >= MOST_REMEMBERED) verified.clear()
  verified.set(key, payload)
  return payload
}
