import type { HttpContext } from '@adonisjs/core/http'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import catalogService from '#services/admin/catalog_service'
import Workstation from '#models/workstation'
import settingsService from '#services/settings/settings_service'
import { branchToday } from '#services/local_time'
import { hasPermission } from '#abilities/main'
import { RESCHEDULABLE, TRANSITIONS } from '#services/registry/visit_transitions'
import { registryChannel } from '#services/board/board_channels'
import { ownBranch } from '#services/branch_scope'

/** The registry panel: the desk's table, tabs, calendar and QR dialog. */
export default class RegistryPageController {
  async show(ctx: HttpContext) {
    /* The desk's branch: the user's own (issue 12 F7: they work it alone), else the main one. */
    const own = ownBranch(ctx)
    const branch = own
      ? await Branch.findOrFail(own)
      : await Branch.query().where('is_default', true).firstOrFail()
    const settings = await settingsService.effective(branch.id)
    const doctors = await Doctor.query()
      .where('active', true)
      .if(own, (scoped) => scoped.where('branch_id', own!))
      .orderBy('full_name')
    const services = await catalogService.list({ active: true })
    const workstations = await Workstation.query().where('branch_id', branch.id).orderBy('name')
    return ctx.inertia.render('registry/index', {
      today: await branchToday(branch.id),
      branchId: branch.id,
      liveChannel: registryChannel(branch.id),
      doctors: doctors.map((d) => ({
        id: d.id,
        full_name: d.fullName,
        specialty: d.specialty,
        cabinet: d.cabinet,
        branch_id: d.branchId,
        price_default: d.priceDefault,
      })),
      services: services.map((s) => ({
        id: s.id,
        title: s.title,
        code: s.code,
        category: s.category,
        price: s.price,
        currency: s.currency,
        /** A row is priced in its doctor's branch: these override `price` there (ADM-R5). */
        branch_prices: s.branch_prices,
      })),
      workstations: workstations.map((w) => ({
        id: w.id,
        name: w.name,
        lang: w.lang,
        paper_width: w.paperWidth,
        has_printer: !!w.printerHost,
      })),
      /** Decision 2 as the server applies it: the panel offers only moves it will accept. */
      transitions: TRANSITIONS,
      reschedulable: RESCHEDULABLE,
      settings: {
        timezone: settings.timezone,
        currency: settings.currency,
        phone_country: settings['phone.default_country'],
        online_start_hour: settings['queue.online_start_hour'],
        online_auto_close: settings['queue.online_auto_close'],
      },
      canWrite: await ctx.bouncer.allows(hasPermission, 'registry.write'),
      canCall: await ctx.bouncer.allows(hasPermission, 'queue.call'),
      /** The rows' "Pay" opens the cash desk: shown to those who may open it. */
      canPay: await ctx.bouncer.allows(hasPermission, 'payments.read'),
    })
  }
}
