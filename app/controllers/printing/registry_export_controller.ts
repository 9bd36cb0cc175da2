import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import settingsService, { clinicNameOf } from '#services/settings/settings_service'
import { clock } from '#services/clock'
import { registryRows } from '#services/registry/registry_query'
import { pickLang, ticketTranslator } from '#services/printing/ticket_texts'
import { renderRegistryPdf, type ExportRow } from '#services/printing/registry_pdf'
import { formatPhone } from '#services/printing/formatting'
import { registryQueryValidator } from '#validators/registry'
import { audit } from '#services/audit_service'
import { listBranch } from '#services/branch_scope'

/** GET /api/registry/export.pdf?date&doctor_id&status&payment&tab&lang: the day's registry, A4 landscape (REG-R13). */
export default class RegistryExportController {
  async show(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(registryQueryValidator, {
      data: ctx.request.qs(),
    })
    /* A user tied to a branch exports that branch's rows only (issue 12 F7). */
    input.branch_id = listBranch(ctx, input.branch_id)
    const settings = await settingsService.effective(input.branch_id)
    const now = clock.now().setZone(settings.timezone as string)
    const date = input.date ?? now.toISODate()!
    const { data } = await registryRows({ ...input, date, page: 1, per_page: 100_000 })

    const qsLang = ctx.request.qs().lang
    const lang = pickLang(qsLang, ctx.i18n.locale, settings.locale)
    const t = ticketTranslator(lang)
    const filters: string[] = []
    if (input.doctor_id) {
      const doctor = await Doctor.find(input.doctor_id)
      if (doctor) filters.push(`${t('registry.filter.doctor')}: ${doctor.fullName}`)
    }
    if (input.tab) filters.push(`${t('registry.filter.tab')}: ${t(`registry.tabs.${input.tab}`)}`)
    if (input.status) {
      filters.push(`${t('registry.filter.status')}: ${t(`registry.statuses.${input.status}`)}`)
    }
    if (input.payment) {
      filters.push(
        `${t('registry.filter.payment')}: ${t(`registry.payment_statuses.${input.payment}`)}`
      )
    }
    if (input.q) filters.push(`«${input.q}»`)

    const pdf = await renderRegistryPdf(
      data.map((row) => ({
        ...row,
        phone: formatPhone(row.phone),
        services: row.services as ExportRow['services'],
      })),
      {
        lang,
        clinic: clinicNameOf(settings),
        day: date,
        filters,
        generatedAt: now.toFormat('dd.MM.yyyy HH:mm'),
        defaultCurrency: (settings.currency as string) || 'UZS',
      }
    )

    await audit(
      {
        event: 'registry.exported',
        entityType: 'registry',
        entityId: date,
        after: { format: 'pdf', rows: data.length, lang },
      },
      ctx
    )
    ctx.response.header('content-type', 'application/pdf')
    ctx.response.header('cache-control', 'no-store')
    ctx.response.header('content-disposition', `inline; filename="registry-${date}.pdf"`)
    return ctx.response.send(pdf)
  }
}
