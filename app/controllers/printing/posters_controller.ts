import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import { FieldErrors } from '#exceptions/field_errors'
import settingsService, { clinicNameOf } from '#services/settings/settings_service'
import { clock } from '#services/clock'
import { signQueueToken } from '#services/queue/queue_token'
import { formatHour } from '#services/queue/queue_rules'
import { pickLang } from '#services/printing/ticket_texts'
import { renderPosterPdf } from '#services/printing/poster_pdf'
import { posterQueryValidator } from '#validators/printing'
import { audit } from '#services/audit_service'
import { assertBranch } from '#services/branch_scope'

/** GET /api/queue/poster.pdf?day&specialist_id&lang: the A4 QR poster of a day's morning queue. */
export default class PostersController {
  async show(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(posterQueryValidator, { data: ctx.request.qs() })
    const doctor = await Doctor.query()
      .where('id', input.specialist_id)
      .where('active', true)
      .first()
    if (!doctor) throw FieldErrors.of('specialist_id', 'exists')
    assertBranch(ctx, doctor.branchId)

    const settings = await settingsService.effective(doctor.branchId)
    const zone = settings.timezone as string
    const today = clock.now().setZone(zone).toISODate()!
    const day = input.day ?? today
    if (day < today) throw FieldErrors.of('day', 'dateInPast')

    const token = signQueueToken({ branchId: doctor.branchId, day, doctorId: doctor.id }, zone)
    const url = `${ctx.request.protocol()}://${ctx.request.host()}/q/${token}`
    const lang = pickLang(input.lang, ctx.i18n.locale, settings.locale)
    const pdf = await renderPosterPdf({
      lang,
      clinic: clinicNameOf(settings),
      specialist: { name: doctor.fullName, specialty: doctor.specialty, cabinet: doctor.cabinet },
      day,
      opensAt: formatHour(settings['queue.online_start_hour'] as number),
      url,
    })

    await audit(
      {
        event: 'queue.poster_printed',
        entityType: 'doctor',
        entityId: doctor.id,
        after: { day, lang },
      },
      ctx
    )
    ctx.response.header('content-type', 'application/pdf')
    ctx.response.header('cache-control', 'no-store')
    ctx.response.header(
      'content-disposition',
      `inline; filename="queue-qr-${day}-${doctor.id}.pdf"`
    )
    return ctx.response.send(pdf)
  }
}
