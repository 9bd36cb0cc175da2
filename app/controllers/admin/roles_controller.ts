import type { HttpContext } from '@adonisjs/core/http'
import roleService from '#services/role_service'
import { roleValidator } from '#validators/role'

/** GET/POST/PUT /api/admin/roles[/:id] */
export default class RolesController {
  async index() {
    return roleService.list()
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(roleValidator)
    return ctx.response.created(await roleService.create(input, ctx))
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(roleValidator)
    return roleService.update(Number(ctx.params.id), input, ctx)
  }
}
