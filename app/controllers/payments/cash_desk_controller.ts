import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { hasPermission } from '#abilities/main'
import { ONLINE_PROVIDERS } from '#models/payment'
import { branchToday } from '#services/local_time'
import settingsService from '#services/settings/settings_service'
import { providerConfig } from '#services/payments/provider_config'
import { deskVisit, deskVisits } from '#services/payments/cash_desk_query'
import { isoDay, recordId } from '#validators/rules/common'
import { branchIdOrMain } from '#services/branches'
import { paymentsChannel } from '#services/board/board_channels'

const pageQuery = vine.create({ visit_id: recordId().optional() })
const visitsQuery = vine.create({
  date: isoDay().optional(),
  q: vine.string().trim().maxLength(100).optional(),
})

/** The cash desk panel (spec §4.5) and its two lists. */
export default class CashDeskController {
  /** GET /cashier?visit_id: the page, opened on a visit from the registry's "Pay". */
  async show(ctx: HttpContext) {
    const { visit_id: visitId } = await pageQuery.validate(ctx.request.qs())
    const providers = []
    for (const provider of ONLINE_PROVIDERS) {
      if (await providerConfig(provider)) providers.push(provider)
    }
    return ctx.inertia.render('cashier/index', {
      today: await branchToday(),
      currency: await settingsService.get<string>('currency'),
      providers,
      visitId: visitId ?? null,
      /** Payment changes of the cashier's branch (the main one for a clinic-wide user). */
      liveChannel: paymentsChannel(await branchIdOrMain(ctx.auth.user?.branchId ?? undefined)),
      canWrite: await ctx.bouncer.allows(hasPermission, 'payments.write'),
    })
  }

  /** GET /api/payments/desk/visits?date&q */
  async visits(ctx: HttpContext) {
    const input = await visitsQuery.validate(ctx.request.qs())
    return { data: await deskVisits(input.date ?? (await branchToday()), input.q) }
  }

  /** GET /api/payments/desk/visits/:id */
  async visit(ctx: HttpContext) {
    return deskVisit(Number(ctx.params.id))
  }
}
