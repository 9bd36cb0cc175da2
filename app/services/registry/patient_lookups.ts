import type Patient from '#models/patient'
import Visit from '#models/visit'
import QueueEntry from '#models/queue_entry'
import { branchToday } from '#services/local_time'

/**
 * Patients as the desk's autocomplete shows them, with the hints of REG-E1
 * and REG-E2: today's visits (return to queue?) and online numbers the
 * patient's phone took this morning.
 */
export async function patientLookups(patients: Patient[]) {
  if (!patients.length) return []
  const today = await branchToday()
  const ids = patients.map((p) => p.id)
  const visits = await Visit.query()
    .whereIn('patient_id', ids)
    .where('date', today)
    .preload('doctor')
  const entries = await QueueEntry.query().whereIn('visit_id', visits.map((v) => v.id).concat([0]))
  const entryOf = new Map(entries.map((e) => [e.visitId, e]))
  const phones = patients.map((p) => p.phone).filter((phone): phone is string => !!phone)
  const online = phones.length
    ? await QueueEntry.query()
        .join('daily_queues', 'daily_queues.id', 'queue_entries.queue_id')
        .where('daily_queues.day', today)
        .whereIn('queue_entries.phone', phones)
        .whereNull('queue_entries.visit_id')
        .select('queue_entries.*', 'daily_queues.doctor_id as doctor_id')
    : []

  return patients.map((patient) => ({
    id: patient.id,
    full_name: patient.fullName,
    last_name: patient.lastName,
    first_name: patient.firstName,
    middle_name: patient.middleName,
    birth_year: patient.birthYear,
    phone: patient.phone,
    address: patient.address,
    visits_today: visits
      .filter((v) => v.patientId === patient.id)
      .map((v) => ({
        visit_id: v.id,
        doctor_id: v.doctorId,
        doctor_name: v.doctor.fullName,
        number: entryOf.get(v.id)?.number ?? null,
        ticket: entryOf.get(v.id)?.ticket ?? null,
        status: v.status,
      })),
    online_entries: online
      .filter((e) => e.phone === patient.phone)
      .map((e) => ({
        entry_id: e.id,
        doctor_id: e.$extras.doctor_id,
        number: e.number,
        ticket: e.ticket,
      })),
  }))
}
