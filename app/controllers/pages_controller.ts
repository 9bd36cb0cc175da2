import type { HttpContext } from '@adonisjs/core/http'

/** The pages of the shell: landing on the platform, dashboard and admin pages in a clinic. */
export default class PagesController {
  async home(ctx: HttpContext) {
    if (ctx.tenant) return ctx.response.redirect(ctx.auth.user ? '/dashboard' : '/login')
    return ctx.inertia.render('platform/landing' as any, {})
  }

  async dashboard({ inertia }: HttpContext) {
    return inertia.render('dashboard' as any, {})
  }

  async users({ inertia }: HttpContext) {
    return inertia.render('admin/users' as any, {})
  }

  async settings({ inertia }: HttpContext) {
    return inertia.render('admin/settings' as any, {})
  }
}
