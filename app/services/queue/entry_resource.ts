import type QueueEntry from '#models/queue_entry'

/** A ticket as the calling API answers it. */
export function entryResource(entry: QueueEntry) {
  return {
    id: entry.id,
    queue_id: entry.queueId,
    number: entry.number,
    ticket: entry.ticket,
    status: entry.status,
    patient_name: entry.patientName,
    visit_id: entry.visitId,
    source: entry.source,
    called_at: entry.calledAt?.toUTC().toISO() ?? null,
  }
}
