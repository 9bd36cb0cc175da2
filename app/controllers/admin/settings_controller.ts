import type { HttpContext } from '@adonisjs/core/http'
import settingsService from '#services/settings/settings_service'
import { settingsQueryValidator, updateSettingsValidator } from '#validators/settings'

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
    return {
      branch_id: branchId ?? null,
      values: await settingsService.update(values, branchId, ctx),
    }
  }
}
