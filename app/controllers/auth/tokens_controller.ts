import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import authService from '#services/auth_service'
import { loginValidator } from '#validators/auth'
import { serializeUser } from '#transformers/user_transformer'

/** Bearer tokens for the staff API (POST /api/auth/login, /api/auth/logout). */
export default class TokensController {
  async store(ctx: HttpContext) {
    const { login, password } = await ctx.request.validateUsing(loginValidator)
    const user = await authService.verify(ctx, login, password)
    const token = await User.accessTokens.create(user)
    return { token: token.value!.release(), user: await serializeUser(user) }
  }

  async destroy(ctx: HttpContext) {
    const user = ctx.auth.use('api').getUserOrFail()
    await User.accessTokens.delete(user, user.currentAccessToken.identifier)
    await authService.recordLogout(ctx, user)
    return { ok: true }
  }

  async me({ auth }: HttpContext) {
    return { user: await serializeUser(auth.getUserOrFail() as User) }
  }
}
