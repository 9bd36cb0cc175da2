import type { HttpContext } from '@adonisjs/core/http'
import QRCode from 'qrcode'
import QueueEntry from '#models/queue_entry'
import Visit from '#models/visit'
import { FieldErrors } from '#exceptions/field_errors'
import { clock } from '#services/clock'
import { queueRulesFor } from '#services/queue/queue_rules'
import {
  findOrCreateQueue,
  findQueue,
  lockQueue,
  tenantTransaction,
} from '#services/queue/queue_numbering'
import { signQueueToken } from '#services/queue/queue_token'
import queueAccess from '#services/queue/queue_access'
import { activeDoctorOrFail } from '#services/registry/visit_service'
import { publishRegistryEvent } from '#services/registry/registry_events'
import { audit } from '#services/audit_service'
import { assertBranch } from '#services/branch_scope'

/** The registrar's side of the daily queue: QR of the day, open reception, call, today's list. */
class ReceptionService {
  /** QUE-R15: the day's signed token, the join URL and its QR as SVG. */
  async qrcode(input: { day?: string; specialist_id: number }, origin: string, ctx?: HttpContext) {
    const doctor = await activeDoctorOrFail(input.specialist_id, 'specialist_id')
    /* A user tied to a branch works that branch's queues only (issue 12 F7). */
    assertBranch(ctx, doctor.branchId)
    const rules = await queueRulesFor(doctor)
    const day = input.day ?? rules.today
    if (day < rules.today) throw FieldErrors.of('day', 'dateInPast')
    const token = signQueueToken(
      { branchId: doctor.branchId, day, doctorId: doctor.id },
      rules.zone
    )
    const url = `${origin}/q/${token}`
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
    return { token, url, svg, day, specialist_id: doctor.id }
  }

  /**
   * QUE-R9 "Open reception": stamps `opened_at` once (idempotent) and closes
   * online intake; desk registration goes on.
   */
  async open(input: { day?: string; specialist_id: number }, ctx?: HttpContext) {
    const doctor = await activeDoctorOrFail(input.specialist_id, 'specialist_id')
    assertBranch(ctx, doctor.branchId)
    const rules = await queueRulesFor(doctor)
    const day = input.day ?? rules.today
    if (day < rules.today) throw FieldErrors.of('day', 'dateInPast')
    const queue = await findOrCreateQueue(doctor, day)

    const { opened, first } = await tenantTransaction(async (trx) => {
      const locked = await lockQueue(trx, queue.id)
      if (locked.openedAt) return { opened: locked, first: false }
      locked.openedAt = clock.now()
      await locked.useTransaction(trx).save()
      return { opened: locked, first: true }
    })
    if (first) {
      await audit(
        {
          event: 'queue.opened',
          entityType: 'daily_queue',
          entityId: opened.id,
          after: { day, specialist_id: doctor.id, opened_at: opened.openedAt?.toUTC().toISO() },
        },
        ctx
      )
      await publishRegistryEvent('queue.closed', {
        branch_id: doctor.branchId,
        queue_id: opened.id,
        day,
        specialist_id: doctor.id,
        actor_id: ctx?.auth?.user?.id ?? null,
      })
    }
    return {
      opened_at: opened.openedAt!.toUTC().toISO(),
      day,
      specialist_id: doctor.id,
      queue_id: opened.id,
    }
  }

  /**
   * GET /api/queue/today: the specialist's queue of the local day, by number;
   * 403 QUEUE_NOT_YOURS for another doctor's queue (`queue_access.ts`).
   */
  async today(specialistId: number, ctx?: HttpContext) {
    const doctor = await activeDoctorOrFail(specialistId, 'specialist_id')
    await queueAccess.authorize(ctx, doctor)
    const rules = await queueRulesFor(doctor)
    const queue = await findQueue(doctor.id, rules.today)
    const entries = queue
      ? await QueueEntry.query().where('queue_id', queue.id).orderBy('number')
      : []
    const visitIds = entries.map((e) => e.visitId).filter((id): id is number => id !== null)
    const echoVisits = visitIds.length
      ? new Set((await Visit.query().whereIn('id', visitIds).where('echo', true)).map((v) => v.id))
      : new Set<number>()
    return {
      day: rules.today,
      specialist: doctor.toSpecialist(),
      opened_at: queue?.openedAt?.toUTC().toISO() ?? null,
      entries: entries.map((e) => ({
        id: e.id,
        number: e.number,
        ticket: e.ticket,
        patient_name: e.patientName,
        status: e.status,
        source: e.source,
        visit_id: e.visitId,
        echo: e.visitId !== null && echoVisits.has(e.visitId),
        called_at: e.calledAt?.toUTC().toISO() ?? null,
      })),
    }
  }
}

export default new ReceptionService()
