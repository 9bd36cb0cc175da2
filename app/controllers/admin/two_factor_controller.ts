import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import twoFactorService from '#services/admin/two_factor_service'
import { twoFactorCodeValidator } from '#validators/admin_security'

/** /api/auth/2fa/*: a user's own second factor; DELETE /api/admin/users/:id/2fa for administrators. */
export default class TwoFactorController {
  async page(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail() as User
    return ctx.inertia.render('admin/account_security', {
      enabled: twoFactorService.isEnabled(user),
      required: await twoFactorService.isRequired(user),
    })
  }

  async status(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail() as User
    return {
      enabled: twoFactorService.isEnabled(user),
      required: await twoFactorService.isRequired(user),
    }
  }

  async setup(ctx: HttpContext) {
    return twoFactorService.setup(ctx.auth.getUserOrFail() as User)
  }

  async enable(ctx: HttpContext) {
    const { code } = await ctx.request.validateUsing(twoFactorCodeValidator)
    await twoFactorService.enable(ctx.auth.getUserOrFail() as User, code, ctx)
    return { enabled: true }
  }

  async disable(ctx: HttpContext) {
    const { code } = await ctx.request.validateUsing(twoFactorCodeValidator)
    await twoFactorService.disable(ctx.auth.getUserOrFail() as User, code, ctx)
    return { enabled: false }
  }

  async reset(ctx: HttpContext) {
    await twoFactorService.reset(await User.findOrFail(Number(ctx.params.id)), ctx)
    return { enabled: false }
  }
}
