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
  /** The end of `day` in the branch's zone, in Unix seconds: the token is refused after it. */
  expiresAt: number
}

interface SignedBody {
  t: number
  b: number
  d: string
  q: number
  e: number
}

const purposeOf = (tenantId: number) => `queue-join:${tenantId}`

/** The last second of `day` in `zone`, in Unix seconds. */
export function endOfDaySeconds(day: string, zone: string) {
  return Math.floor(DateTime.fromISO(day, { zone }).endOf('day').toSeconds())
}

/**
 * Signs a day token for the current tenant. It is valid until the end of
 * `day` in the branch's zone; a poster printed at 06:50 works all day. The
 * expiry travels inside the signed body and is checked against the app's
 * clock (`clock.now()`), the one source of "now" for time rules; the
 * verifier's own expiry is not used (it counts a bare number as
 * milliseconds and reads the machine's time). A token of another tenant
 * never verifies here because the tenant is part of the signature's purpose.
 */
export function signQueueToken(
  payload: Omit<QueueTokenPayload, 'tenantId' | 'expiresAt'>,
  zone: string
) {
  const tenantId = currentTenantOrFail().tenant.id
  const body: SignedBody = {
    t: tenantId,
    b: payload.branchId,
    d: payload.day,
    q: payload.doctorId,
    e: endOfDaySeconds(payload.day, zone),
  }
  return encryption.getMessageVerifier().sign(body, undefined, purposeOf(tenantId))
}

/**
 * Tokens already verified, by tenant and token: at 07:00 a whole waiting room
 * joins with the same few tokens, and one HMAC check each is enough. The
 * expiry is checked on every use, remembered or not.
 */
const verified = new Map<string, QueueTokenPayload>()
const MOST_REMEMBERED = 1000

function isSignedBody(body: unknown, tenantId: number): body is SignedBody {
  const b = body as Partial<SignedBody> | null
  return (
    !!b &&
    b.t === tenantId &&
    Number.isInteger(b.b) &&
    Number.isInteger(b.q) &&
    Number.isInteger(b.e) &&
    typeof b.d === 'string'
  )
}

/**
 * The token's payload. TOKEN_INVALID (404) when forged, malformed or of
 * another tenant; TOKEN_EXPIRED (410, with the token's `day`) when its day
 * is over in the branch's zone, so the patient is told to scan today's QR.
 */
export function verifyQueueToken(token: unknown): QueueTokenPayload {
  const tenantId = currentTenantOrFail().tenant.id
  if (typeof token !== 'string' || token.length >= 1000)
    throw new AppException('TOKEN_INVALID', 404)
  const key = `${tenantId}:${token}`
  let payload = verified.get(key)
  if (!payload) {
    const body = encryption.getMessageVerifier().unsign<unknown>(token, purposeOf(tenantId))
    if (!isSignedBody(body, tenantId)) throw new AppException('TOKEN_INVALID', 404)
    payload = { tenantId, branchId: body.b, day: body.d, doctorId: body.q, expiresAt: body.e }
    if (verified.size >= MOST_REMEMBERED) verified.clear()
    verified.set(key, payload)
  }
  if (clock.now().toSeconds() > payload.expiresAt) throw queueTokenExpired(payload.day)
  return payload
}

/** 410 TOKEN_EXPIRED: the QR of a day that is over; `day` tells the patient which. */
export function queueTokenExpired(day: string) {
  return new AppException('TOKEN_EXPIRED', 410, { day })
}
