import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import DailyQueue from '#models/daily_queue'
import QueueEntry, { type EntryStatus } from '#models/queue_entry'
import Visit from '#models/visit'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { clock } from '#services/clock'
import { audit } from '#services/audit_service'
import { queueRulesFor } from '#services/queue/queue_rules'
import {
  findOrCreateQueue,
  findQueue,
  lockedRows,
  lockQueue,
  tenantTransaction,
} from '#services/queue/queue_numbering'
import { findHolder, issueNumber } from '#services/queue/queue_entries'
import queueAccess from '#services/queue/queue_access'
import { activeDoctorOrFail } from '#services/registry/visit_service'
import visitTransitions from '#services/registry/visit_transitions'
import { publishRegistryEvent, type RegistryEvent } from '#services/registry/registry_events'
import { assertBranch } from '#services/branch_scope'

/** The moves of a ticket in the doctor's queue (issue 4 calling flow, QUE-R11/R12). */
export type EntryAction = 'call' | 'recall' | 'skip' | 'freeze' | 'return' | 'start' | 'finish'

const FROM: Record<EntryAction, EntryStatus[]> = {
  call: ['waiting', 'called', 'skipped', 'frozen'],
  recall: ['called'],
  skip: ['waiting', 'called'],
  freeze: ['waiting'],
  return: ['skipped', 'frozen'],
  start: ['waiting', 'called'],
  finish: ['in_progress'],
}

const TO: Record<Exclude<EntryAction, 'start' | 'finish'>, EntryStatus> = {
  call: 'called',
  recall: 'called',
  skip: 'skipped',
  freeze: 'frozen',
  return: 'waiting',
}

const TRANSFERABLE: EntryStatus[] = ['waiting', 'called', 'skipped', 'frozen']

function refuse(entry: QueueEntry, action: EntryAction | 'transfer') {
  const code =
    action === 'call' || action === 'recall' ? 'ENTRY_NOT_CALLABLE' : 'ENTRY_ILLEGAL_MOVE'
  return new AppException(code, 409, { status: entry.status, action })
}

const actorOf = (ctx?: HttpContext) => ctx?.auth?.user?.id ?? null

/**
 * Calling patients (issue 4, BRD-R1/R6): "Call next", call or recall a given
 * ticket, skip or freeze a number and return it, start and finish. Every move
 * locks its row, is audited and publishes its event; a called ticket carries
 * `called_at`, which the boards show for the call lifetime. A request works
 * only a queue its user may (`queue_access.ts`: the user's own doctor, or any
 * with `queue.call_any`); a transfer may go to any doctor.
 */
class CallingService {
  /** Calls the lowest waiting number of the doctor's queue today; 409 QUEUE_EMPTY when nobody waits. */
  async callNext(specialistId: number, ctx?: HttpContext) {
    const doctor = await activeDoctorOrFail(specialistId, 'specialist_id')
    await queueAccess.authorize(ctx, doctor)
    const rules = await queueRulesFor(doctor)
    const queue = await findQueue(doctor.id, rules.today)
    if (!queue) throw new AppException('QUEUE_EMPTY', 409)
    const entry = await tenantTransaction(async (trx) => {
      await lockQueue(trx, queue.id)
      const next = await QueueEntry.query({ client: trx })
        .where('queue_id', queue.id)
        .where('status', 'waiting')
        .orderBy('number')
        .first()
      if (!next) return null
      await this.#mark(trx, next, 'called')
      return next
    })
    if (!entry) throw new AppException('QUEUE_EMPTY', 409)
    await this.#announce(entry, queue, 'waiting', 'call', ctx)
    return entry
  }

  /** One move of a given ticket; `start` and `finish` move its visit too (decision 2). */
  async act(entryId: number, action: EntryAction, ctx?: HttpContext) {
    const current = await QueueEntry.findOrFail(entryId)
    const queue = await DailyQueue.findOrFail(current.queueId)
    await queueAccess.authorize(ctx, queue.doctorId)
    if ((action === 'start' || action === 'finish') && current.visitId) {
      return this.#moveVisit(current, action, ctx)
    }
    const { entry, from } = await tenantTransaction(async (trx) => {
      const locked = await this.#lockEntry(trx, entryId)
      const before = locked.status
      if (!FROM[action].includes(before)) throw refuse(locked, action)
      const to = action === 'start' ? 'in_progress' : action === 'finish' ? 'done' : TO[action]
      await this.#mark(trx, locked, to, action === 'call' || action === 'recall')
      return { entry: locked, from: before }
    })
    await this.#announce(entry, queue, from, action, ctx)
    if (action === 'start') await this.#callIfNeverCalled(entry, queue, actorOf(ctx))
    return entry
  }

  /**
   * QUE-R12 "Transfer to another doctor": a new number in the target's queue
   * by the desk rule (lowest free from 1); the old ticket is marked
   * transferred and its number is never reissued; the visit follows.
   */
  async transfer(entryId: number, targetDoctorId: number, ctx?: HttpContext) {
    const source = await QueueEntry.findOrFail(entryId)
    const sourceQueue = await DailyQueue.findOrFail(source.queueId)
    await queueAccess.authorize(ctx, sourceQueue.doctorId)
    const target = await activeDoctorOrFail(targetDoctorId, 'doctor_id')
    /* Not into another branch's queue for a user tied to a branch (issue 12 F7). */
    assertBranch(ctx, target.branchId)
    if (target.id === sourceQueue.doctorId) throw FieldErrors.of('doctor_id', 'different')
    const rules = await queueRulesFor(target)
    const targetQueue = await findOrCreateQueue(target, rules.today)

    const created = await tenantTransaction(async (trx) => {
      const lockedQueue = await lockQueue(trx, targetQueue.id)
      const old = await this.#lockEntry(trx, entryId)
      const visitId = old.visitId
      const issued = await this.transferLocked(trx, old, lockedQueue)
      if (visitId) {
        await Visit.query({ client: trx })
          .where('id', visitId)
          .update({ doctor_id: target.id, branch_id: target.branchId })
      }
      return issued
    })

    await audit(
      {
        event: 'queue.transferred',
        entityType: 'queue_entry',
        entityId: source.id,
        before: { doctor_id: sourceQueue.doctorId, number: source.number },
        after: { doctor_id: target.id, number: created.number, entry_id: created.id },
      },
      ctx
    )
    await publishRegistryEvent('queue.entry_status_changed', {
      ...this.#fields(source, sourceQueue, ctx),
      visit_id: created.visitId,
      old_status: source.status,
      new_status: 'transferred',
    })
    await publishRegistryEvent('queue.number_assigned', {
      ...this.#fields(created, targetQueue, ctx),
    })
    return created
  }

  /**
   * The heart of a transfer (QUE-R12), inside the caller's transaction, which
   * holds the target queue's lock and the old ticket's row lock: the old
   * ticket is marked transferred and keeps its number (never reissued), and
   * the target queue issues the next desk number with its own letter. The
   * caller moves the visit. Used by the transfer above and by a visit's edit
   * (`visit_edits.ts`).
   *
   * A queue holds a phone or Telegram chat once (QUE-R6): the old ticket gives
   * them up with the patient; a number the patient's phone already took in the
   * target queue this morning, not yet at the desk, takes the visit instead of
   * a new one; a dead ticket there (transferred, canceled) gives them up.
   */
  async transferLocked(trx: TransactionClientContract, old: QueueEntry, targetQueue: DailyQueue) {
    if (!TRANSFERABLE.includes(old.status)) throw refuse(old, 'transfer')
    const { visitId, phone, telegramId } = old
    old.merge({ status: 'transferred', visitId: null, phone: null, telegramId: null })
    await old.useTransaction(trx).save()
    const holder = await findHolder(trx, targetQueue.id, { phone, telegramId })
    if (holder && holder.visitId === null && TRANSFERABLE.includes(holder.status)) {
      holder.merge({ visitId, patientId: old.patientId, patientName: old.patientName })
      return holder.useTransaction(trx).save()
    }
    if (holder && holder.visitId === null) {
      holder.merge({ phone: null, telegramId: null })
      await holder.useTransaction(trx).save()
    }
    const free = !holder || holder.visitId === null
    return issueNumber(trx, targetQueue, {
      source: 'desk',
      from: 1,
      patientId: old.patientId,
      visitId,
      patientName: old.patientName,
      phone: free ? phone : null,
      telegramId: free ? telegramId : null,
    })
  }

  /**
   * BRD-R1: a visit set to in_progress from anywhere (the registry's status
   * menu too) calls its patient unless the ticket was already called.
   */
  async callOnStart(event: RegistryEvent) {
    if (event.event !== 'visit.status_changed' || event.new_status !== 'in_progress') return
    if (!event.entry_id) return
    const entry = await QueueEntry.find(event.entry_id)
    if (!entry) return
    await this.#callIfNeverCalled(
      entry,
      await DailyQueue.findOrFail(entry.queueId),
      event.actor_id ?? null
    )
  }

  async #callIfNeverCalled(entry: QueueEntry, queue: DailyQueue, actorId: number | null) {
    if (entry.calledAt) return
    entry.calledAt = clock.now()
    await entry.save()
    await publishRegistryEvent('queue.called', { ...this.#fields(entry, queue), actor_id: actorId })
  }

  /** The visit moves (and with it the ticket); its event reaches callOnStart. */
  async #moveVisit(entry: QueueEntry, action: 'start' | 'finish', ctx?: HttpContext) {
    if (!FROM[action].includes(entry.status)) throw refuse(entry, action)
    await visitTransitions.move(entry.visitId!, action === 'start' ? 'in_progress' : 'done', ctx)
    await entry.refresh()
    return entry
  }

  #lockEntry(trx: TransactionClientContract, entryId: number) {
    return lockedRows(QueueEntry.query({ client: trx }).where('id', entryId), trx).firstOrFail()
  }

  async #mark(
    trx: TransactionClientContract,
    entry: QueueEntry,
    to: EntryStatus,
    called = to === 'called'
  ) {
    entry.status = to
    if (called) entry.calledAt = clock.now()
    await entry.useTransaction(trx).save()
  }

  #fields(entry: QueueEntry, queue: DailyQueue, ctx?: HttpContext) {
    return {
      branch_id: queue.branchId,
      queue_id: queue.id,
      day: queue.day,
      specialist_id: queue.doctorId,
      entry_id: entry.id,
      visit_id: entry.visitId,
      number: entry.number,
      ticket: entry.ticket,
      source: entry.source,
      actor_id: actorOf(ctx),
    }
  }

  /** The screens first (a waiting room watches the board), then the audit row. */
  async #announce(
    entry: QueueEntry,
    queue: DailyQueue,
    from: EntryStatus,
    action: EntryAction,
    ctx?: HttpContext
  ) {
    const fields = this.#fields(entry, queue, ctx)
    if (action === 'call' || action === 'recall') {
      await publishRegistryEvent('queue.called', {
        ...fields,
        old_status: from,
        new_status: entry.status,
      })
    } else {
      await publishRegistryEvent('queue.entry_status_changed', {
        ...fields,
        old_status: from,
        new_status: entry.status,
      })
    }
    await audit(
      {
        event: `queue.${action}`,
        entityType: 'queue_entry',
        entityId: entry.id,
        before: { status: from },
        after: { status: entry.status, number: entry.number },
      },
      ctx
    )
  }
}

export default new CallingService()
