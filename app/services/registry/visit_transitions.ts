import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Doctor from '#models/doctor'
import Visit, { type VisitStatus } from '#models/visit'
import QueueEntry, { type EntryStatus } from '#models/queue_entry'
import Patient from '#models/patient'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { clock } from '#services/clock'
import { queueRulesFor, type QueueRules } from '#services/queue/queue_rules'
import {
  findOrCreateQueue,
  lockedRows,
  lockQueue,
  tenantTransaction,
} from '#services/queue/queue_numbering'
import { issueNumber } from '#services/queue/queue_entries'
import { publishRegistryEvent, visitEventFields } from '#services/registry/registry_events'
import { activeDoctorOrFail } from '#services/registry/visit_service'
import { bookingOpenOrFail, visitMinutes } from '#services/registry/schedule_slots'
import { audit } from '#services/audit_service'
import type { AuditEvent } from '#services/audit_events'

/**
 * Decision 2: the moves a visit may make. `queued` is reachable only on the
 * visit's day (it takes a number); canceled and no-show visits can return
 * to the queue (REG-E1 "Return to queue").
 */
export const TRANSITIONS: Record<VisitStatus, VisitStatus[]> = {
  planned: ['confirmed', 'queued', 'canceled', 'no_show'],
  confirmed: ['queued', 'canceled', 'no_show'],
  queued: ['in_progress', 'canceled', 'no_show'],
  in_progress: ['done', 'queued'],
  done: [],
  canceled: ['queued'],
  no_show: ['queued'],
}

/** Visits that can move to another day: not yet in the queue, or missed. */
export const RESCHEDULABLE: VisitStatus[] = ['planned', 'confirmed', 'no_show']

const ENTRY_STATUS_OF: Partial<Record<VisitStatus, EntryStatus>> = {
  queued: 'waiting',
  in_progress: 'in_progress',
  done: 'done',
  canceled: 'canceled',
  no_show: 'canceled',
}

function refuse(visit: Visit, to: VisitStatus, reason = 'transition') {
  return new AppException('ILLEGAL_TRANSITION', 409, { from: visit.status, to, reason })
}

/** Payment states that let a paid-type visit close (PAY-R8). */
const SETTLED_ENOUGH_TO_CLOSE = new Set(['paid', 'partial'])

/**
 * PAY-R8/T5: a paid-type visit (`type: paid`) with something to pay closes
 * only once it is paid or partly paid. Repeat and benefit visits, and a
 * visit with nothing to pay, close freely.
 */
function refuseUnpaidClose(visit: Visit) {
  if (visit.type !== 'paid' || visit.total <= 0) return
  if (SETTLED_ENOUGH_TO_CLOSE.has(visit.paymentStatus)) return
  throw new AppException('VISIT_UNPAID', 409, {
    visit_id: visit.id,
    payment_status: visit.paymentStatus,
  })
}

interface Change {
  visit: Visit
  entry: QueueEntry | null
  from: VisitStatus
  numberIssued: boolean
}

class VisitTransitions {
  /** PATCH /api/visits/:id/status: one move of decision 2, or 409 ILLEGAL_TRANSITION. */
  async move(
    visitId: number,
    to: VisitStatus,
    ctx?: HttpContext,
    event: AuditEvent = `visit.${to}`
  ) {
    const visit = await Visit.findOrFail(visitId)
    if (!TRANSITIONS[visit.status].includes(to)) throw refuse(visit, to)
    const rules = await this.#rulesOf(visit)
    if (to === 'queued' && visit.date !== rules.today) throw refuse(visit, to, 'not_today')
    if (to === 'done') refuseUnpaidClose(visit)
    const change = await this.#apply(visit.id, to, rules)
    await this.#announce(change, ctx, event)
    return change.visit
  }

  /**
   * APT-R5: a confirmation on the visit's day puts it in the live queue with
   * a number from the start number; earlier it stays confirmed.
   */
  async confirm(visitId: number, ctx?: HttpContext) {
    const visit = await Visit.findOrFail(visitId)
    if (visit.status !== 'planned') throw refuse(visit, 'confirmed')
    const rules = await this.#rulesOf(visit)
    const to = visit.date === rules.today ? 'queued' : 'confirmed'
    const change = await this.#apply(visit.id, to, rules)
    await this.#announce(change, ctx, 'visit.confirmed')
    return change.visit
  }

  async cancel(visitId: number, ctx?: HttpContext) {
    return this.move(visitId, 'canceled', ctx)
  }

  /** Another day (and maybe another doctor) for a visit not yet in the queue. */
  async reschedule(
    visitId: number,
    input: { date: string; doctor_id?: number },
    ctx?: HttpContext
  ) {
    const found = await Visit.findOrFail(visitId)
    if (!RESCHEDULABLE.includes(found.status)) throw refuse(found, 'planned', 'reschedule')
    const doctor = input.doctor_id
      ? await activeDoctorOrFail(input.doctor_id)
      : await Doctor.findOrFail(found.doctorId)
    const rules = await queueRulesFor(doctor)
    if (input.date < rules.today) throw FieldErrors.of('date', 'dateInPast')

    const { visit, before, from } = await tenantTransaction(async (trx) => {
      /* The new day must have room (APT-R2, R8); the doctor's lock serializes bookings. */
      await lockedRows(Doctor.query({ client: trx }).where('id', doctor.id), trx).firstOrFail()
      const locked = await this.#lockVisit(trx, visitId)
      if (!RESCHEDULABLE.includes(locked.status)) throw refuse(locked, 'planned', 'reschedule')
      if (locked.date !== input.date || locked.doctorId !== doctor.id) {
        await bookingOpenOrFail(doctor, input.date, await visitMinutes(trx, locked.id), trx)
      }
      const snapshot = { before: locked.serialize(), from: locked.status }
      /* A missed visit leaves its day's ticket: the number stays taken there, the new day issues its own. */
      await QueueEntry.query({ client: trx }).where('visit_id', locked.id).update({ visitId: null })
      locked.merge({
        date: input.date,
        doctorId: doctor.id,
        branchId: doctor.branchId,
        status: 'planned',
        confirmedAt: null,
      })
      await locked.useTransaction(trx).save()
      return { visit: locked, ...snapshot }
    })
    await audit(
      {
        event: 'visit.rescheduled',
        entityType: 'visit',
        entityId: visit.id,
        before,
        after: visit.serialize(),
      },
      ctx
    )
    await publishRegistryEvent('visit.status_changed', {
      ...visitEventFields(visit, null, ctx?.auth?.user?.id ?? null),
      old_status: from,
      new_status: visit.status,
    })
    return visit
  }

  async #rulesOf(visit: Visit) {
    return queueRulesFor(await Doctor.findOrFail(visit.doctorId))
  }

  /** Applies a move in one transaction; entering the queue takes its lock and a number. */
  async #apply(visitId: number, to: VisitStatus, rules: QueueRules): Promise<Change> {
    const doctor = await Doctor.findOrFail((await Visit.findOrFail(visitId)).doctorId)
    const queue = to === 'queued' ? await findOrCreateQueue(doctor, rules.today) : null

    return tenantTransaction(async (trx) => {
      const lockedQueue = queue ? await lockQueue(trx, queue.id) : null
      const visit = await this.#lockVisit(trx, visitId)
      const from = visit.status
      if (!TRANSITIONS[from].includes(to)) throw refuse(visit, to)
      if (to === 'done') refuseUnpaidClose(visit)
      let entry = await QueueEntry.query({ client: trx }).where('visit_id', visit.id).first()
      let numberIssued = false
      if (lockedQueue && !entry) {
        const patient = await Patient.findOrFail(visit.patientId, { client: trx })
        entry = await issueNumber(trx, lockedQueue, {
          source: 'booking',
          from: rules.startNumber,
          patientId: patient.id,
          visitId: visit.id,
          patientName: patient.fullName,
        })
        numberIssued = true
      } else if (entry && ENTRY_STATUS_OF[to]) {
        entry.status = ENTRY_STATUS_OF[to]!
        await entry.useTransaction(trx).save()
      }
      visit.status = to
      if (to === 'confirmed' || (from === 'planned' && to === 'queued'))
        visit.confirmedAt = clock.now()
      await visit.useTransaction(trx).save()
      return { visit, entry, from, numberIssued }
    })
  }

  #lockVisit(trx: TransactionClientContract, visitId: number) {
    return lockedRows(Visit.query({ client: trx }).where('id', visitId), trx).firstOrFail()
  }

  async #announce(change: Change, ctx: HttpContext | undefined, event: AuditEvent) {
    const { visit, entry } = change
    await audit(
      {
        event,
        entityType: 'visit',
        entityId: visit.id,
        before: { status: change.from },
        after: { status: visit.status, number: entry?.number ?? null },
      },
      ctx
    )
    const base = visitEventFields(visit, entry, ctx?.auth?.user?.id ?? null)
    if (change.numberIssued) await publishRegistryEvent('queue.number_assigned', base)
    await publishRegistryEvent('visit.status_changed', {
      ...base,
      old_status: change.from,
      new_status: visit.status,
    })
  }
}

export default new VisitTransitions()
