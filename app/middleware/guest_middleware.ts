import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Pages for signed-out staff (the login page): a signed-in user goes to the dashboard. */
export default class GuestMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (await ctx.auth.use('web').check()) return ctx.response.redirect('/dashboard')
    return next()
  }
}
