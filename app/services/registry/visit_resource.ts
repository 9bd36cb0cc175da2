import type Visit from '#models/visit'
import QueueEntry from '#models/queue_entry'

/** A visit as the API answers it: `{id, status, queue_entry_id?, number?, total, …}` (contract). */
export async function visitResource(visit: Visit, entry?: QueueEntry | null) {
  const ticket = entry === undefined ? await QueueEntry.findBy('visit_id', visit.id) : entry
  return {
    id: visit.id,
    patient_id: visit.patientId,
    doctor_id: visit.doctorId,
    branch_id: visit.branchId,
    date: visit.date,
    status: visit.status,
    source: visit.source,
    type: visit.type,
    payment_type: visit.paymentType,
    payment_status: visit.paymentStatus,
    total: visit.total,
    currency: visit.currency,
    echo: visit.echo,
    doctor_cost: visit.doctorCost,
    queue_entry_id: ticket?.id ?? null,
    number: ticket?.number ?? null,
    ticket: ticket?.ticket ?? null,
  }
}
