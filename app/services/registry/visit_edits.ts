import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Doctor from '#models/doctor'
import Visit, { type VisitStatus } from '#models/visit'
import VisitService from '#models/visit_service'
import QueueEntry from '#models/queue_entry'
import Payment from '#models/payment'
import type DailyQueue from '#models/daily_queue'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { audit } from '#services/audit_service'
import { queueRulesFor } from '#services/queue/queue_rules'
import {
  findOrCreateQueue,
  lockedRows,
  lockQueue,
  tenantTransaction,
} from '#services/queue/queue_numbering'
import callingService from '#services/queue/calling_service'
import { recomputeVisit } from '#services/payments/payment_states'
import { activeDoctorOrFail } from '#services/registry/visit_service'
import { assertBranch } from '#services/branch_scope'
import { priceServiceLines } from '#services/registry/service_lines'
import { bookingOpenOrFail } from '#services/registry/schedule_slots'
import { changedFields } from '#services/registry/patient_edits'
import { publishRegistryEvent, visitEventFields } from '#services/registry/registry_events'

/** PATCH /api/visits/:id: only what is sent changes. */
export interface VisitPatch {
  doctor_id?: number
  date?: string
  /** Services to add, priced now in the visit's branch (as registration prices them). */
  add_services?: { id: number; qty?: number }[]
  /** Catalog ids of services to take off the visit (all of their unpaid lines). */
  remove_services?: number[]
  type?: Visit['type']
  payment_type?: Visit['paymentType']
  doctor_cost?: number | null
  note?: string | null
}

/** The doctor and day of these stay as they are: the visit is over, canceled, missed or under way. */
const FIXED: VisitStatus[] = ['in_progress', 'done', 'canceled', 'no_show']
/** Visits without a number yet: another day or doctor is a booking, under the schedule rules. */
const BOOKED: VisitStatus[] = ['planned', 'confirmed']

interface Plan {
  doctorMove: boolean
  dateMove: boolean
  target: Doctor
  date: string
  /** The target doctor's local day. */
  today: string
}

/**
 * Issue 22 item 12: correcting a saved visit. Another doctor for a queued
 * visit is a transfer (QUE-R12): a number in the new doctor's queue with its
 * letter, the old number stays taken; a planned visit may take another day
 * or doctor where the schedule has room (APT-R2, R8). Services added are
 * priced now, removed ones must be unpaid (a paid line stays), and the total
 * never drops below what was paid. The whole edit is one transaction under
 * the visit's row lock (and the target queue's or doctor's lock), so two
 * registrars editing one visit at once are applied one after the other.
 */
class VisitEdits {
  async update(id: number, input: VisitPatch, ctx?: HttpContext) {
    const found = await Visit.findOrFail(id)
    const plan = await this.#plan(found, input)
    /* Staff tied to a branch move a visit only to a doctor of their branch (issue 12 F7). */
    if (plan.doctorMove) assertBranch(ctx, plan.target.branchId)
    const queue =
      plan.doctorMove && found.status === 'queued'
        ? await findOrCreateQueue(plan.target, plan.today)
        : null
    const priced = input.add_services?.length
      ? await priceServiceLines(input.add_services, plan.target)
      : null

    const result = await tenantTransaction(async (trx) => {
      const lockedQueue = queue ? await lockQueue(trx, queue.id) : null
      if (plan.doctorMove || plan.dateMove) {
        await lockedRows(Doctor.query({ client: trx }).where('id', plan.target.id), trx).first()
      }
      const visit = await lockedRows(
        Visit.query({ client: trx }).where('id', id),
        trx
      ).firstOrFail()
      /* What another registrar did meanwhile counts: the rules are checked again on the locked row. */
      const fresh = await this.#plan(visit, input, plan)
      if (fresh.doctorMove && visit.status === 'queued' && !lockedQueue) {
        throw new AppException('VISIT_CHANGED', 409, { visit_id: id })
      }
      const before = await this.#snapshot(trx, visit)
      const moved = await this.#move(trx, visit, fresh, lockedQueue)
      const linesChanged = await this.#editLines(trx, visit, input, priced?.lines ?? [])
      if (linesChanged || fresh.doctorMove) await this.#recomputeTotal(trx, visit, fresh.target)
      if (input.type !== undefined) visit.type = input.type
      if (input.payment_type !== undefined) visit.paymentType = input.payment_type
      if (input.doctor_cost !== undefined) visit.doctorCost = input.doctor_cost
      if (input.note !== undefined) visit.note = input.note || null
      await visit.useTransaction(trx).save()
      const { visit: settled } = await recomputeVisit(trx, visit.id)
      const after = await this.#snapshot(trx, settled)
      return { visit: settled, before, after, ...moved }
    })

    const change = changedFields(result.before, result.after)
    const entry = await QueueEntry.findBy('visit_id', id)
    if (change.keys.length) await this.#announce(result, change, entry, ctx)
    return { visit: result.visit, entry }
  }

  /** What the edit moves, or the refusal: a fixed visit keeps its doctor and day, a queued one its day. */
  async #plan(visit: Visit, input: VisitPatch, known?: Plan): Promise<Plan> {
    const doctorMove = input.doctor_id !== undefined && input.doctor_id !== visit.doctorId
    const dateMove = input.date !== undefined && input.date !== visit.date
    /* Inside the transaction (`known`) nothing is read: SQLite has one connection. */
    const doctor =
      known?.target ??
      (doctorMove
        ? await activeDoctorOrFail(input.doctor_id!)
        : await Doctor.findOrFail(visit.doctorId))
    const today = known?.today ?? (await queueRulesFor(doctor)).today
    if ((doctorMove || dateMove) && FIXED.includes(visit.status)) {
      throw new AppException('VISIT_LOCKED', 409, { visit_id: visit.id, status: visit.status })
    }
    if (dateMove && visit.status === 'queued') {
      throw new AppException('VISIT_IN_QUEUE', 409, { visit_id: visit.id })
    }
    if (dateMove && input.date! < today) throw FieldErrors.of('date', 'dateInPast')
    return {
      doctorMove,
      dateMove,
      target: doctor,
      date: dateMove ? input.date! : visit.date,
      today,
    }
  }

  /** Another doctor or day. A queued visit is transferred (QUE-R12); a booking needs room. */
  async #move(trx: TransactionClientContract, visit: Visit, plan: Plan, queue: DailyQueue | null) {
    if (!plan.doctorMove && !plan.dateMove) return { transferred: null, sourceQueueId: null }
    const date = queue ? queue.day : plan.date
    await this.#refuseDuplicate(trx, visit, plan.target.id, date)

    if (queue) {
      const old = await lockedRows(
        QueueEntry.query({ client: trx }).where('visit_id', visit.id),
        trx
      ).first()
      if (!old) throw new AppException('VISIT_CHANGED', 409, { visit_id: visit.id })
      const before = { id: old.id, queueId: old.queueId, status: old.status }
      await callingService.transferLocked(trx, old, queue)
      visit.merge({ doctorId: plan.target.id, branchId: plan.target.branchId, date })
      return { transferred: { entry: old, from: before.status }, sourceQueueId: before.queueId }
    }

    if (BOOKED.includes(visit.status)) {
      const minutes = await this.#minutes(trx, visit.id)
      await bookingOpenOrFail(plan.target, date, minutes, trx)
    }
    visit.merge({ doctorId: plan.target.id, branchId: plan.target.branchId, date })
    /* A new day must be confirmed again (APT-R5), as a reschedule does. */
    if (plan.dateMove) visit.merge({ status: 'planned', confirmedAt: null })
    return { transferred: null, sourceQueueId: null }
  }

  /** REG-E1: the patient's other visit to that doctor on that day is named, not duplicated. */
  async #refuseDuplicate(
    trx: TransactionClientContract,
    visit: Visit,
    doctorId: number,
    day: string
  ) {
    const other = await Visit.query({ client: trx })
      .where('patient_id', visit.patientId)
      .where('doctor_id', doctorId)
      .where('date', day)
      .whereNot('id', visit.id)
      .whereNotIn('status', ['canceled', 'no_show'])
      .first()
    if (other) {
      throw new AppException('VISIT_EXISTS', 409, {
        visit_id: other.id,
        status: other.status,
        can_return: false,
      })
    }
  }

  async #minutes(trx: TransactionClientContract, visitId: number) {
    const row = await trx
      .from('visit_services as vs')
      .join('services as s', 's.id', 'vs.service_id')
      .where('vs.visit_id', visitId)
      .select(trx.raw('coalesce(sum(s.duration * vs.qty), 0) as minutes'))
      .first()
    return Number(row?.minutes ?? 0)
  }

  /** Line ids a paid (or awaited online) payment covers: they stay on the visit. */
  async #paidLineIds(trx: TransactionClientContract, visitId: number) {
    const rows = await trx
      .from('payment_items as i')
      .join('payments as p', 'p.id', 'i.payment_id')
      .where('p.visit_id', visitId)
      .whereIn('p.status', ['paid', 'pending'])
      .whereNotNull('i.visit_service_id')
      .select('i.visit_service_id as id')
    return new Set(rows.map((row: { id: number }) => Number(row.id)))
  }

  /** Removes unpaid lines of the services named and adds the new ones; true when anything changed. */
  async #editLines(
    trx: TransactionClientContract,
    visit: Visit,
    input: VisitPatch,
    added: Awaited<ReturnType<typeof priceServiceLines>>['lines']
  ) {
    const removing = [...new Set(input.remove_services ?? [])]
    if (!removing.length && !added.length) return false
    if (removing.length) {
      const lines = await VisitService.query({ client: trx })
        .where('visit_id', visit.id)
        .whereIn('service_id', removing)
        .preload('service')
      const missing = removing.findIndex((id) => !lines.some((line) => line.serviceId === id))
      if (missing >= 0) throw FieldErrors.of('remove_services', 'exists', { index: missing })
      const paid = await this.#paidLineIds(trx, visit.id)
      const locked = lines.find((line) => paid.has(line.id))
      if (locked) {
        throw new AppException('PAID_SERVICE_LOCKED', 409, {
          visit_id: visit.id,
          service_id: locked.serviceId,
          service_title: locked.service.title,
        })
      }
      await VisitService.query({ client: trx })
        .whereIn(
          'id',
          lines.map((line) => line.id)
        )
        .delete()
    }
    if (added.length) {
      await VisitService.createMany(
        added.map((line) => ({ visitId: visit.id, ...line })),
        { client: trx }
      )
    }
    return true
  }

  /**
   * The total from the lines (each at the price it was sold at), or the
   * doctor's consultation without lines; never below what was paid.
   */
  async #recomputeTotal(trx: TransactionClientContract, visit: Visit, doctor: Doctor) {
    const lines = await VisitService.query({ client: trx }).where('visit_id', visit.id)
    const total = lines.length
      ? lines.reduce((sum, line) => sum + line.total, 0)
      : doctor.priceDefault
    const payments = await Payment.query({ client: trx }).where('visit_id', visit.id)
    const paid = payments.reduce((sum, payment) => sum + payment.netAmount, 0)
    if (total < paid && total < visit.total) {
      throw new AppException('VISIT_TOTAL_BELOW_PAID', 409, {
        visit_id: visit.id,
        paid,
        total,
        currency: visit.currency,
      })
    }
    visit.total = total
    visit.echo = doctor.specialty === 'cardiology' && lines.some((line) => line.group === 'echo')
  }

  /** What the audit compares (REG-T12): the visit's fields, its ticket and its lines. */
  async #snapshot(trx: TransactionClientContract, visit: Visit) {
    const entry = await QueueEntry.query({ client: trx }).where('visit_id', visit.id).first()
    const lines = await VisitService.query({ client: trx })
      .where('visit_id', visit.id)
      .orderBy('id')
    return {
      doctor_id: visit.doctorId,
      branch_id: visit.branchId,
      date: visit.date,
      status: visit.status,
      type: visit.type,
      payment_type: visit.paymentType,
      payment_status: visit.paymentStatus,
      total: visit.total,
      echo: visit.echo,
      doctor_cost: visit.doctorCost,
      note: visit.note,
      entry_id: entry?.id ?? null,
      number: entry?.number ?? null,
      ticket: entry?.ticket ?? null,
      services: lines.map((line) => ({
        service_id: line.serviceId,
        qty: line.qty,
        price: line.price,
      })),
    }
  }

  async #announce(
    result: {
      visit: Visit
      transferred: { entry: QueueEntry; from: string } | null
      sourceQueueId: number | null
    },
    change: ReturnType<typeof changedFields>,
    entry: QueueEntry | null,
    ctx?: HttpContext
  ) {
    const { visit, transferred } = result
    const actorId = ctx?.auth?.user?.id ?? null
    await audit(
      {
        event: 'visit.updated',
        entityType: 'visit',
        entityId: visit.id,
        before: change.before,
        after: change.after,
      },
      ctx
    )
    const base = visitEventFields(visit, entry, actorId)
    if (transferred) {
      const old = transferred.entry
      await publishRegistryEvent('queue.entry_status_changed', {
        branch_id: Number(change.before.branch_id ?? visit.branchId),
        queue_id: old.queueId,
        day: visit.date,
        specialist_id: Number(change.before.doctor_id),
        entry_id: old.id,
        visit_id: visit.id,
        number: old.number,
        ticket: old.ticket,
        source: old.source,
        actor_id: actorId,
        old_status: transferred.from,
        new_status: 'transferred',
      })
      await publishRegistryEvent('queue.number_assigned', base)
    }
    await publishRegistryEvent('visit.updated', {
      ...base,
      old_status: String(change.before.status ?? visit.status),
      new_status: visit.status,
    })
  }
}

export default new VisitEdits()
