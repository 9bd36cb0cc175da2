import type { HttpContext } from '@adonisjs/core/http'
import authService from '#services/auth_service'
import userService from '#services/user_service'
import { loginValidator } from '#validators/auth'
import { normalizeError } from '#exceptions/error_codes'

/** Refusals shown on the login form itself rather than as an error page. */
const FORM_ERRORS = new Set([
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'ACCOUNT_INACTIVE',
  'TWO_FACTOR_REQUIRED',
  'TWO_FACTOR_INVALID',
  'TWO_FACTOR_LOCKED',
])

/** The login page of a clinic's panels (session cookie). */
export default class SessionController {
  async create({ inertia }: HttpContext) {
    return inertia.render('auth/login', {})
  }

  async store(ctx: HttpContext) {
    const { login, password } = await ctx.request.validateUsing(loginValidator)
    try {
      const user = await authService.verify(ctx, login, password)
      await ctx.auth.use('web').login(user)
      return ctx.response.redirect('/dashboard')
    } catch (error) {
      const { code, details } = normalizeError(error)
      if (!FORM_ERRORS.has(code)) throw error
      ctx.session.flash('loginError', ctx.i18n.t(`errors.${code}`, details))
      ctx.session.flashOnly(['login'])
      return ctx.response.redirect('/login')
    }
  }

  /** Logout ends every session of the user, not only this browser's cookie (issue 12 F6). */
  async destroy(ctx: HttpContext) {
    const guard = ctx.auth.use('web')
    const user = (await guard.check()) ? guard.user : undefined
    if (user) {
      await userService.endSessions(user.id)
      await authService.recordLogout(ctx, user)
    }
    await guard.logout()
    return ctx.response.redirect('/login')
  }
}
