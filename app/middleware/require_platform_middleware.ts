import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { AppException } from '#exceptions/app_exception'

/** Platform routes (operators, landing) do not exist on a clinic host. */
export default class RequirePlatformMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.tenant) throw new AppException('NOT_FOUND', 404)
    return next()
  }
}
