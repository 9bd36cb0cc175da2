import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Authenticators } from '@adonisjs/auth/types'
import { AppException } from '#exceptions/app_exception'

/**
 * Requires a signed-in, active staff member of the current tenant: by session
 * on the panels, by bearer token on the API. A session issued on another
 * tenant's host never gets here signed in: the session middleware empties it
 * (`#support/session_binding`).
 */
export default class AuthMiddleware {
  redirectTo = '/login'

  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { guards?: (keyof Authenticators)[] } = {}
  ) {
    const guards = options.guards ?? (ctx.request.url().startsWith('/api/') ? ['api'] : ['web'])
    await ctx.auth.authenticateUsing(guards, { loginRoute: this.redirectTo })

    if (!ctx.auth.user!.isActive) {
      if (ctx.auth.authenticatedViaGuard === 'web') await ctx.auth.use('web').logout()
      throw new AppException('ACCOUNT_INACTIVE', 401)
    }
    return next()
  }
}
