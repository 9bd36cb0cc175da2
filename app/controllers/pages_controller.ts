import type { HttpContext } from '@adonisjs/core/http'

/** The bare entry: the platform landing, or a clinic's login or dashboard (admin_pages_controller renders those). */
export default class PagesController {
  async home(ctx: HttpContext) {
    if (ctx.tenant) return ctx.response.redirect(ctx.auth.user ? '/dashboard' : '/login')
    return ctx.inertia.render('platform/landing', {})
  }
}
