import type { HttpContext } from '@adonisjs/core/http'
import userService from '#services/user_service'
import {
  createUserValidator,
  listUsersValidator,
  resetPasswordValidator,
  updateUserValidator,
} from '#validators/user'

/** /api/admin/users: list with filters, create, edit, reset password, deactivate. */
export default class UsersController {
  async index({ request }: HttpContext) {
    return userService.list(await request.validateUsing(listUsersValidator, { data: request.qs() }))
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createUserValidator)
    return ctx.response.created(await userService.create(input, ctx))
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateUserValidator)
    return userService.update(Number(ctx.params.id), input, ctx)
  }

  async resetPassword(ctx: HttpContext) {
    const { password } = await ctx.request.validateUsing(resetPasswordValidator)
    return userService.resetPassword(Number(ctx.params.id), password, ctx)
  }

  async destroy(ctx: HttpContext) {
    return userService.deactivate(Number(ctx.params.id), ctx)
  }
}
