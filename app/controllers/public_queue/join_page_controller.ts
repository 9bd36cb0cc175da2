import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import settingsService, { clinicNameOf } from '#services/settings/settings_service'
import { clock } from '#services/clock'
import { verifyQueueToken } from '#services/queue/queue_token'
import { formatHour } from '#services/queue/queue_rules'

/**
 * GET /q/:token: the patient's page behind the morning QR (spec §2.6), no
 * login. The props say who the queue is for; the page asks
 * /api/queue/join-status for the window's state and posts /api/queue/join.
 * A forged, expired or foreign token renders the "invalid QR" state (404).
 */
export default class JoinPageController {
  async show(ctx: HttpContext) {
    const token = String(ctx.params.token ?? '')
    const tenant = ctx.tenant!.tenant
    const found = await this.#specialist(token)
    const settings = await settingsService.effective(found?.doctor.branchId)
    const zone = settings.timezone as string
    const valid = !!found && found.day >= clock.now().setZone(zone).toISODate()!

    if (!valid && !ctx.request.header('x-inertia')) ctx.response.status(404)
    return ctx.inertia.render('queue/join', {
      token,
      valid,
      clinic_name: clinicNameOf(settings),
      day: valid ? found.day : null,
      specialist:
        valid && found
          ? {
              id: found.doctor.id,
              name: found.doctor.fullName,
              specialty: found.doctor.specialty,
              cabinet: found.doctor.cabinet,
            }
          : null,
      opens_at: formatHour(settings['queue.online_start_hour'] as number),
      phone_country: (settings['phone.default_country'] as string) || 'UZ',
      /** Where the page remembers the issued number: one per clinic, day and queue. */
      storage_key:
        valid && found ? `queue-join:${tenant.slug}:${found.day}:${found.doctor.id}` : null,
    })
  }

  async #specialist(token: string) {
    try {
      const payload = verifyQueueToken(token)
      const doctor = await Doctor.query()
        .where('id', payload.doctorId)
        .where('active', true)
        .first()
      if (!doctor || doctor.branchId !== payload.branchId) return null
      return { doctor, day: payload.day }
    } catch {
      return null
    }
  }
}
