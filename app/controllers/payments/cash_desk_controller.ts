import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { hasPermission } from '#abilities/main'
import Branch from '#models/branch'
import { ONLINE_PROVIDERS } from '#models/payment'
import { branchToday } from '#services/local_time'
import settingsService from '#services/settings/settings_service'
import { providerConfig } from '#services/payments/provider_config'
import { deskVisit, deskVisits } from '#services/payments/cash_desk_query'
import { isoDay, recordId } from '#validators/rules/common'
import { branchIdOrMain } from '#services/branches'
import { ownBranch } from '#services/branch_scope'
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
    const branchId = await branchIdOrMain(ctx.auth.user?.branchId ?? undefined)
    const can = (code: string) => ctx.bouncer.allows(hasPermission, code)
    return ctx.inertia.render('cashier/index', {
      today: await branchToday(branchId),
      currency: await settingsService.get<string>('currency'),
      providers,
      visitId: visitId ?? null,
      /** Payment changes of the cashier's branch (the main one for a clinic-wide user). */
      liveChannel: paymentsChannel(branchId),
      /** The day summary's branch: the user's, the main one for a clinic-wide user. */
      branch: { id: branchId, name: (await Branch.find(branchId))?.name ?? '' },
      canWrite: await can('payments.write'),
      canRefund: await can('payments.refund'),
      /** "To the registry" only for those who may open it. */
      canRegistry: await can('registry.read'),
    })
  }

  /** GET /api/payments/desk/visits?date&q */
  async visits(ctx: HttpContext) {
    const input = await visitsQuery.validate(ctx.request.qs())
    const date = input.date ?? (await branchToday(ownBranch(ctx) ?? undefined))
    return { data: await deskVisits(date, input.q, ctx) }
  }

  /** GET /api/payments/desk/visits/:id */
  async visit(ctx: HttpContext) {
    return deskVisit(Number(ctx.params.id), ctx)
  }
}
