import type { HttpContext } from '@adonisjs/core/http'
import type QueueEntry from '#models/queue_entry'
import { audit } from '#services/audit_service'
import { queueRulesFor } from '#services/queue/queue_rules'
import { findOrCreateQueue, lockQueue, tenantTransaction } from '#services/queue/queue_numbering'
import { issueNumber } from '#services/queue/queue_entries'
import { activeDoctorOrFail } from '#services/registry/visit_service'
import { publishRegistryEvent } from '#services/registry/registry_events'
import { assertBranch } from '#services/branch_scope'

/**
 * QUE-R11: technical empty numbers. In a rush the registrar takes the next
 * desk numbers of a doctor's queue ahead, hands out the tickets, and types the
 * patients in afterwards: `POST /api/registry/rows` with `entry_id` fills a
 * reserved number instead of issuing a new one. A reserved number is not
 * called (the doctor's "next" takes waiting tickets only) nor shown on
 * boards, and like every number it is never reissued that day.
 */
class ReservedNumbers {
  async reserve(specialistId: number, count: number, ctx?: HttpContext) {
    const doctor = await activeDoctorOrFail(specialistId, 'specialist_id')
    /* A user tied to a branch reserves in that branch's queues only (issue 12 F7). */
    assertBranch(ctx, doctor.branchId)
    const rules = await queueRulesFor(doctor)
    const queue = await findOrCreateQueue(doctor, rules.today)
    const entries = await tenantTransaction(async (trx) => {
      const locked = await lockQueue(trx, queue.id)
      const issued: QueueEntry[] = []
      for (let i = 0; i < count; i++) {
        issued.push(await issueNumber(trx, locked, { source: 'desk', from: 1, status: 'reserved' }))
      }
      return issued
    })
    for (const entry of entries) {
      await audit(
        {
          event: 'queue.reserved',
          entityType: 'queue_entry',
          entityId: entry.id,
          after: { doctor_id: doctor.id, number: entry.number, ticket: entry.ticket },
        },
        ctx
      )
      await publishRegistryEvent('queue.number_assigned', {
        branch_id: queue.branchId,
        queue_id: queue.id,
        day: queue.day,
        specialist_id: doctor.id,
        entry_id: entry.id,
        visit_id: null,
        number: entry.number,
        ticket: entry.ticket,
        source: entry.source,
        new_status: 'reserved',
        actor_id: ctx?.auth?.user?.id ?? null,
      })
    }
    return { queue, entries }
  }
}

export default new ReservedNumbers()
