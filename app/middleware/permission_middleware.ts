import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** `middleware.can('settings.manage')`: 403 unless the user's roles grant the code. */
export default class PermissionMiddleware {
  async handle(ctx: HttpContext, next: NextFn, permission: string) {
    await ctx.bouncer.authorize('hasPermission', permission)
    return next()
  }
}
