import Doctor from '#models/doctor'
import Patient from '#models/patient'
import QueueEntry, { type EntryStatus } from '#models/queue_entry'
import type User from '#models/user'
import { findQueue } from '#services/queue/queue_numbering'
import { queueRulesFor } from '#services/queue/queue_rules'

/** Tickets still ahead today, in the order the doctor sees them. */
const AHEAD: EntryStatus[] = ['called', 'in_progress', 'waiting']
const NEXT_SHOWN = 5

/**
 * The queues a staff member works (issue 22 item 9: the doctor's and the
 * lab's home page showed nothing of their day): a doctor's own queue; for
 * lab staff without a doctor link, the lab cabinets of their branch.
 */
async function queuesOf(user: User) {
  if (user.doctorId) {
    const own = await Doctor.query().where('id', user.doctorId).where('active', true).first()
    return own ? [own] : []
  }
  if (!(await user.hasPermission('lab.read'))) return []
  const query = Doctor.query().where('specialty', 'lab').where('active', true).orderBy('cabinet')
  if (user.branchId) query.where('branch_id', user.branchId)
  return query
}

/** Today's queue of each: how many wait, who is in, who is next (with names), what is done. */
export async function myDay(user: User) {
  const doctors = await queuesOf(user)
  return Promise.all(
    doctors.map(async (doctor) => {
      const rules = await queueRulesFor(doctor)
      const queue = await findQueue(doctor.id, rules.today)
      const entries = queue
        ? await QueueEntry.query().where('queue_id', queue.id).orderBy('number')
        : []
      const count = (status: EntryStatus) => entries.filter((e) => e.status === status).length
      const ahead = entries
        .filter((e) => AHEAD.includes(e.status))
        .sort((a, b) => AHEAD.indexOf(a.status) - AHEAD.indexOf(b.status) || a.number - b.number)
        .slice(0, NEXT_SHOWN)
      const patientIds = ahead.flatMap((e) => (e.patientId ? [e.patientId] : []))
      const patients = patientIds.length ? await Patient.query().whereIn('id', patientIds) : []
      const nameOf = new Map(patients.map((p) => [p.id, p.fullName]))
      return {
        specialist: doctor.toSpecialist(),
        day: rules.today,
        waiting: count('waiting'),
        called: count('called'),
        in_progress: count('in_progress'),
        done: count('done'),
        next: ahead.map((e) => ({
          ticket: e.ticket,
          status: e.status,
          patient_name: (e.patientId ? nameOf.get(e.patientId) : null) ?? e.patientName,
        })),
      }
    })
  )
}
