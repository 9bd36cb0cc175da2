import type { HttpContext } from '@adonisjs/core/http'
import userService from '#services/user_service'
import { createUserValidator } from '#validators/user'

/** GET/POST /api/admin/users */
export default class UsersController {
  async index() {
    return userService.list()
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createUserValidator)
    return ctx.response.created(await userService.create(input, ctx))
  }
}
