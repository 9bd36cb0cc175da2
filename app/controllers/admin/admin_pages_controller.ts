import type { HttpContext } from '@adonisjs/core/http'
import { myDay } from '#services/queue/my_day'
import type User from '#models/user'
import Role from '#models/role'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import { SPECIALTIES } from '#models/doctor'
import { EXPENSE_CATEGORIES } from '#models/expense'
import userService from '#services/user_service'
import roleService from '#services/role_service'
import settingsService from '#services/settings/settings_service'
import settingsRegistry from '#services/settings/settings_registry'
import reportService from '#services/admin/report_service'
import { branchToday } from '#services/local_time'
import { permissionCatalog } from '#plugin_api/permissions'
import pluginState from '#plugin_api/plugin_state_service'
import { hasPermission } from '#abilities/main'
import clinicLogo from '#services/settings/clinic_logo'
import { providerCallbackUrls } from '#services/payments/provider_callbacks'

/** The form control of a plugin's setting, told by its default value. */
function kindOf(value: unknown) {
  if (typeof value === 'boolean') return 'switch' as const
  if (typeof value === 'number') return 'number' as const
  if (Array.isArray(value)) return 'list' as const
  return 'text' as const
}

/** Categories the services page offers (the field accepts others too). */
const SERVICE_CATEGORIES = [
  'therapy',
  'cardiology',
  'echo',
  'ecg',
  'dermatology',
  'cosmetology',
  'dentistry',
  'lab',
  'procedure',
  'other',
]

/**
 * The admin panel's Inertia pages. Each page gets its reference data as
 * props and reads and writes through the staff API with the panel's session.
 */
export default class AdminPagesController {
  async dashboard(ctx: HttpContext) {
    const canSeeNumbers = await ctx.bouncer.allows(hasPermission, 'reports.read')
    return ctx.inertia.render('dashboard', {
      timezone: await settingsService.get<string>('timezone'),
      currency: await settingsService.get<string>('currency'),
      stats: canSeeNumbers ? await reportService.dashboard() : null,
      /** The queues the user works today (a doctor's own, the lab's), empty for others. */
      myDay: await myDay(ctx.auth.user as User),
      quick: {
        users: await ctx.bouncer.allows(hasPermission, 'users.manage'),
        services: await ctx.bouncer.allows(hasPermission, 'references.manage'),
        logs: await ctx.bouncer.allows(hasPermission, 'audit.read'),
      },
    })
  }

  async users({ inertia }: HttpContext) {
    const roles = await Role.query().orderBy('id')
    const doctors = await Doctor.query().orderBy('full_name')
    const branches = await Branch.query().orderBy('is_default', 'desc').orderBy('id')
    return inertia.render('admin/users', {
      users: await userService.list(),
      roles: roles.map((role) => role.name),
      doctors: doctors.map((doctor) => ({ id: doctor.id, full_name: doctor.fullName })),
      /** A user's branch limits what they see and act on (`branch_scope.ts`). */
      branches: branches.map((branch) => ({ id: branch.id, name: branch.name })),
      timezone: await settingsService.get<string>('timezone'),
    })
  }

  async roles(ctx: HttpContext) {
    const enabled = await pluginState.enabledPlugins(ctx.tenant!.tenant.id)
    return ctx.inertia.render('admin/roles', {
      roles: await roleService.list(),
      permissions: permissionCatalog(enabled.map((plugin) => plugin.id)).map((permission) => ({
        code: permission.code,
        label: permission.label,
        plugin_id: permission.pluginId ?? null,
      })),
    })
  }

  async doctors({ inertia }: HttpContext) {
    return inertia.render('admin/doctors', {
      branches: await this.#branches(),
      specialties: [...SPECIALTIES],
      currency: await settingsService.get<string>('currency'),
    })
  }

  async services({ inertia }: HttpContext) {
    return inertia.render('admin/services', {
      branches: await this.#branches(),
      categories: SERVICE_CATEGORIES,
      currency: await settingsService.get<string>('currency'),
    })
  }

  async settings(ctx: HttpContext) {
    const roles = await Role.query().orderBy('id')
    return ctx.inertia.render('admin/settings', {
      values: await settingsService.forDisplay(),
      branches: await this.#branches(),
      roles: roles.map((role) => role.name),
      branchKeys: settingsRegistry.branchKeys(),
      logoUrl: await clinicLogo.url(),
      plugins: await this.#pluginSettings(ctx),
      callbackUrls: providerCallbackUrls(`${ctx.request.protocol()}://${ctx.request.host()}`),
    })
  }

  /** The settings the tenant's enabled plugins declared, per plugin, with their labels. */
  async #pluginSettings(ctx: HttpContext) {
    const enabled = await pluginState.enabledPlugins(ctx.tenant!.tenant.id)
    const definitions = settingsRegistry.ofPlugins(new Set(enabled.map((plugin) => plugin.id)))
    return enabled
      .map((plugin) => ({
        id: plugin.id,
        name: plugin.manifest.name,
        settings: definitions
          .filter((definition) => definition.pluginId === plugin.id)
          .map((definition) => ({
            key: definition.key,
            label: definition.label ?? null,
            hint: definition.hint ?? null,
            kind: kindOf(definition.default),
          })),
      }))
      .filter((plugin) => plugin.settings.length)
  }

  async logs({ inertia }: HttpContext) {
    const users = await userService.list()
    return inertia.render('admin/logs', {
      users: users.map((user) => ({ id: user.id, name: user.full_name || user.login })),
      timezone: await settingsService.get<string>('timezone'),
      today: await branchToday(),
    })
  }

  async expenses({ inertia }: HttpContext) {
    return inertia.render('admin/expenses', {
      categories: [...EXPENSE_CATEGORIES],
      branches: await this.#branches(),
      currency: await settingsService.get<string>('currency'),
      today: await branchToday(),
    })
  }

  async payroll({ inertia }: HttpContext) {
    const doctors = await Doctor.query().orderBy('full_name')
    return inertia.render('admin/payroll', {
      doctors: doctors.map((doctor) => ({
        id: doctor.id,
        full_name: doctor.fullName,
        payroll_percent: doctor.payrollPercent,
      })),
      currency: await settingsService.get<string>('currency'),
      today: await branchToday(),
    })
  }

  async reports({ inertia }: HttpContext) {
    return inertia.render('reports/index', {
      branches: await this.#branches(),
      currency: await settingsService.get<string>('currency'),
      today: await branchToday(),
    })
  }

  async #branches() {
    const branches = await Branch.query().orderBy('id')
    return branches.map((branch) => ({
      id: branch.id,
      name: branch.name,
      is_default: branch.isDefault,
    }))
  }
}
