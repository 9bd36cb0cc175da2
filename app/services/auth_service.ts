import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import User from '#models/user'
import { audit } from '#services/audit_service'
import { AppException } from '#exceptions/app_exception'
import { currentTenantOrFail } from '#tenants/context'
import twoFactorService from '#services/admin/two_factor_service'

/** Failed logins per login name: 10 in 5 minutes, then a 5-minute block. */
const perLogin = () => limiter.use({ requests: 10, duration: '5 mins', blockDuration: '5 mins' })
/** A generous per-address ceiling: a whole clinic may sit behind one IP. */
const perAddress = () => limiter.use({ requests: 600, duration: '1 min' })

/**
 * Verifies staff credentials for the panels (session) and the API (tokens):
 * rate-limited, audited, and refusing inactive users.
 */
export class AuthService {
  async verify(ctx: HttpContext, login: string, password: string): Promise<User> {
    const tenantId = currentTenantOrFail().tenant.id
    const loginKey = `login:${tenantId}:${login.toLowerCase()}`

    await perAddress().consume(`login-ip:${ctx.request.ip()}`)

    const [error, user] = await perLogin().penalize(loginKey, async () => {
      try {
        return await User.verifyCredentials(login, password)
      } catch (failure) {
        await audit({ event: 'auth.login_failed', entityType: 'user', after: { login } }, ctx)
        throw failure
      }
    })
    if (error) throw error

    if (!user.isActive) {
      await audit(
        {
          event: 'auth.login_refused_inactive',
          userId: user.id,
          entityType: 'user',
          entityId: user.id,
        },
        ctx
      )
      throw new AppException('ACCOUNT_INACTIVE', 401)
    }
    /** Users with a second factor send its code as `otp` with the password. */
    await twoFactorService.checkLogin(user, ctx.request.input('otp'))

    user.lastLoginAt = DateTime.utc()
    await user.save()
    await audit(
      { event: 'auth.login', userId: user.id, entityType: 'user', entityId: user.id },
      ctx
    )
    return user
  }

  async recordLogout(ctx: HttpContext, user: User) {
    await audit(
      { event: 'auth.logout', userId: user.id, entityType: 'user', entityId: user.id },
      ctx
    )
  }
}

export default new AuthService()
