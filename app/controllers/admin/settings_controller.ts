import type { HttpContext } from '@adonisjs/core/http'
import settingsService from '#services/settings/settings_service'
import { settingsQueryValidator, updateSettingsValidator } from '#validators/settings'
import { ipAllowed } from '#services/admin/admin_guard'
import { FieldErrors } from '#exceptions/field_errors'

/**
 * GET/PUT /api/admin/settings: effective values, tenant-wide or for one
 * branch. Secrets come back masked, never in full.
 */
export default class SettingsController {
  async show({ request }: HttpContext) {
    const { branch_id: branchId } = await request.validateUsing(settingsQueryValidator, {
      data: request.qs(),
    })
    return { branch_id: branchId ?? null, values: await settingsService.forDisplay(branchId) }
  }

  async update(ctx: HttpContext) {
    const { branch_id: branchId, values } = await ctx.request.validateUsing(updateSettingsValidator)
    const allowlist = values['security.admin_ip_allowlist']
    /** An allow-list that leaves out the address saving it would lock the admin out. */
    if (Array.isArray(allowlist) && !ipAllowed(ctx.request.ip(), allowlist.map(String))) {
      throw FieldErrors.of('values.security.admin_ip_allowlist', 'selfLockout', {
        ip: ctx.request.ip(),
      })
    }
    return {
      branch_id: branchId ?? null,
      values: await settingsService.update(values, branchId, ctx),
    }
  }
}
