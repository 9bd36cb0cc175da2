import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import { AppException } from '#exceptions/app_exception'
import settingsService, { clinicNameOf } from '#services/settings/settings_service'
import { clock } from '#services/clock'
import { verifyQueueToken } from '#services/queue/queue_token'
import { formatHour } from '#services/queue/queue_rules'

type TokenLookup =
  | { state: 'valid'; doctor: Doctor; day: string }
  | { state: 'expired'; day: string }
  | { state: 'invalid' }

/**
 * GET /q/:token: the patient's page behind the morning QR (spec §2.6), no
 * login. The props say who the queue is for; the page asks
 * /api/queue/join-status for the window's state and posts /api/queue/join.
 * A forged or foreign token renders the "invalid QR" state (404); the QR of
 * a day that is over says which day it was for (410, `expired_day`).
 */
export default class JoinPageController {
  async show(ctx: HttpContext) {
    const token = String(ctx.params.token ?? '')
    const tenant = ctx.tenant!.tenant
    let found = await this.#lookup(token)
    const branchId = found.state === 'valid' ? found.doctor.branchId : undefined
    const settings = await settingsService.effective(branchId)
    const today = clock
      .now()
      .setZone(settings.timezone as string)
      .toISODate()!
    if (found.state === 'valid' && found.day < today) found = { state: 'expired', day: found.day }
    const valid = found.state === 'valid' ? found : null

    if (!valid && !ctx.request.header('x-inertia'))
      ctx.response.status(found.state === 'expired' ? 410 : 404)
    return ctx.inertia.render('queue/join', {
      token,
      valid: !!valid,
      expired_day: found.state === 'expired' ? found.day : null,
      clinic_name: clinicNameOf(settings),
      day: valid?.day ?? null,
      specialist: valid
        ? {
            id: valid.doctor.id,
            name: valid.doctor.fullName,
            specialty: valid.doctor.specialty,
            cabinet: valid.doctor.cabinet,
          }
        : null,
      opens_at: formatHour(settings['queue.online_start_hour'] as number),
      phone_country: (settings['phone.default_country'] as string) || 'UZ',
      /** Where the page remembers the issued number: one per clinic, day and queue. */
      storage_key: valid ? `queue-join:${tenant.slug}:${valid.day}:${valid.doctor.id}` : null,
    })
  }

  async #lookup(token: string): Promise<TokenLookup> {
    try {
      const payload = verifyQueueToken(token)
      const doctor = await Doctor.query()
        .where('id', payload.doctorId)
        .where('active', true)
        .first()
      if (!doctor || doctor.branchId !== payload.branchId) return { state: 'invalid' }
      return { state: 'valid', doctor, day: payload.day }
    } catch (error) {
      if (error instanceof AppException && error.code === 'TOKEN_EXPIRED')
        return { state: 'expired', day: String(error.details.day) }
      return { state: 'invalid' }
    }
  }
}
