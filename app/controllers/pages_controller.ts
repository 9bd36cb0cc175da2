import type { HttpContext } from '@adonisjs/core/http'
import Role from '#models/role'
import userService from '#services/user_service'
import settingsService from '#services/settings/settings_service'

/** The pages of the shell: landing on the platform, dashboard and admin pages in a clinic. */
export default class PagesController {
  async home(ctx: HttpContext) {
    if (ctx.tenant) return ctx.response.redirect(ctx.auth.user ? '/dashboard' : '/login')
    return ctx.inertia.render('platform/landing', {})
  }

  async dashboard({ inertia }: HttpContext) {
    return inertia.render('dashboard', { timezone: await settingsService.get<string>('timezone') })
  }

  async users({ inertia }: HttpContext) {
    const roles = await Role.query().orderBy('id')
    return inertia.render('admin/users', {
      users: await userService.list(),
      roles: roles.map((role) => role.name),
      timezone: await settingsService.get<string>('timezone'),
    })
  }

  async settings({ inertia }: HttpContext) {
    return inertia.render('admin/settings', { values: await settingsService.effective() })
  }
}
