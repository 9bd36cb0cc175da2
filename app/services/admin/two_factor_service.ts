import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import QRCode from 'qrcode'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { generateSecret, generateURI, verify } from 'otplib'
import type User from '#models/user'
import settingsService from '#services/settings/settings_service'
import { openSecret, sealSecret } from '#services/settings/secret_values'
import { audit } from '#services/audit_service'
import type { AuditEvent } from '#services/audit_events'
import { AppException } from '#exceptions/app_exception'
import { currentTenantOrFail } from '#tenants/context'

/**
 * Codes tried per user: 5 in 5 minutes, then every code (a right one too) is
 * refused for 5 minutes; a right code clears the count. Counted before the
 * code is checked, so parallel guesses cannot slip past the count.
 */
const perUser = () => limiter.use({ requests: 5, duration: '5 mins', blockDuration: '5 mins' })

/**
 * TOTP second factor (ADM-R12): optional per user, enforced for the roles
 * listed in `security.require_2fa_roles`. The secret is stored encrypted
 * (tenant-bound, like settings secrets) and checked at every login once enabled.
 */
export class TwoFactorService {
  isEnabled(user: User) {
    return !!user.totpEnabledAt && !!user.totpSecret
  }

  /** Does the tenant require 2FA of one of the user's roles? */
  async isRequired(user: User) {
    const roles = await settingsService.get<string[]>('security.require_2fa_roles')
    if (!roles?.length) return false
    if (!user.$preloaded.roles) await user.load('roles')
    return user.roles.some((role) => roles.includes(role.name))
  }

  /** Starts enrolment: a new secret (not active until a code confirms it) and its QR code. */
  async setup(user: User) {
    const secret = generateSecret()
    user.totpSecret = sealSecret(secret)
    user.totpEnabledAt = null
    await user.save()
    const issuer = await settingsService.clinicName()
    const url = generateURI({ issuer, label: user.login, secret })
    return {
      secret,
      otpauth_url: url,
      qr_svg: await QRCode.toString(url, { type: 'svg', margin: 1 }),
    }
  }

  /** Confirms enrolment with a code from the app. */
  async enable(user: User, code: string, ctx?: HttpContext) {
    await this.#assertCode(user, code)
    user.totpEnabledAt = DateTime.utc()
    await user.save()
    await audit({ event: 'user.2fa_enabled', entityType: 'user', entityId: user.id }, ctx)
  }

  /** The user turns 2FA off with a valid code; refused while a role requires it. */
  async disable(user: User, code: string, ctx?: HttpContext) {
    await this.#assertCode(user, code)
    if (await this.isRequired(user)) throw new AppException('TWO_FACTOR_ENFORCED', 409)
    await this.#clear(user, 'user.2fa_disabled', ctx)
  }

  /** An administrator resets a user's second factor (lost phone): they enrol again. */
  async reset(user: User, ctx?: HttpContext) {
    await this.#clear(user, 'user.2fa_reset', ctx)
  }

  /** At login: a user with 2FA on must send a valid `otp` with the password. */
  async checkLogin(user: User, code: unknown) {
    if (!this.isEnabled(user)) return
    if (typeof code !== 'string' || !code.trim()) throw new AppException('TWO_FACTOR_REQUIRED', 401)
    await this.#assertCode(user, code)
  }

  /** Every code check (login, enable, disable) counts against the user's attempts. */
  async #assertCode(user: User, code: string) {
    const key = `otp:${currentTenantOrFail().tenant.id}:${user.id}`
    const attempts = perUser()
    try {
      await attempts.consume(key)
    } catch (error) {
      if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
      const retryAfter = error.response.availableIn
      throw Object.assign(
        new AppException('TWO_FACTOR_LOCKED', 429, {
          minutes: Math.max(1, Math.ceil(retryAfter / 60)),
        }),
        { availableIn: retryAfter }
      )
    }
    await this.#verifyCode(user, code)
    await attempts.delete(key)
  }

  async #verifyCode(user: User, code: string) {
    const secret = openSecret(user.totpSecret)
    const clean = String(code).replace(/\s/g, '')
    const valid =
      !!secret &&
      /^\d{6}$/.test(clean) &&
      (await verify({ secret, token: clean, epochTolerance: 30 })).valid
    if (!valid) throw new AppException('TWO_FACTOR_INVALID', 401)
  }

  async #clear(user: User, event: AuditEvent, ctx?: HttpContext) {
    user.totpSecret = null
    user.totpEnabledAt = null
    await user.save()
    await audit({ event, entityType: 'user', entityId: user.id }, ctx)
  }
}

export default new TwoFactorService()
