import Board from '#models/board'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import Patient from '#models/patient'
import Payment from '#models/payment'
import QueueEntry from '#models/queue_entry'
import Role from '#models/role'
import Service from '#models/service'
import User from '#models/user'
import Visit from '#models/visit'
import Workstation from '#models/workstation'

type NameLoader = (ids: number[]) => Promise<Map<number, string>>

const byId = <T extends { id: number }>(rows: T[], name: (row: T) => string) =>
  new Map(rows.map((row) => [row.id, name(row)]))

/** "Каримова Дилноза, 02.03.2026": a visit as the registry names it. */
async function visitNames(ids: number[]) {
  const visits = await Visit.query().whereIn('id', ids).preload('patient')
  return byId(visits, (visit) =>
    [visit.patient?.fullName, visit.date.split('-').reverse().join('.')].filter(Boolean).join(', ')
  )
}

/**
 * How the Logs page names the object of each entry (issue 22 item 9): by
 * what people know it by (a patient's name, a ticket, a doctor, a board),
 * not "Patient #7". Kinds without a loader keep their id.
 */
const LOADERS: Record<string, NameLoader> = {
  patient: async (ids) => byId(await Patient.query().whereIn('id', ids), (p) => p.fullName),
  visit: visitNames,
  user: async (ids) =>
    byId(await User.query().whereIn('id', ids), (user) => user.fullName || user.login),
  doctor: async (ids) => byId(await Doctor.query().whereIn('id', ids), (d) => d.fullName),
  board: async (ids) => byId(await Board.query().whereIn('id', ids), (board) => board.name),
  service: async (ids) => byId(await Service.query().whereIn('id', ids), (s) => s.title),
  role: async (ids) =>
    byId(await Role.query().whereIn('id', ids), (role) => role.title || role.name),
  branch: async (ids) => byId(await Branch.query().whereIn('id', ids), (b) => b.name),
  workstation: async (ids) => byId(await Workstation.query().whereIn('id', ids), (w) => w.name),
  queue_entry: async (ids) =>
    byId(await QueueEntry.query().whereIn('id', ids), (entry) =>
      [`№${entry.ticket}`, entry.patientName].filter(Boolean).join(' · ')
    ),
  payment: async (ids) => {
    const payments = await Payment.query().whereIn('id', ids)
    const visits = await visitNames(payments.flatMap((p) => (p.visitId ? [p.visitId] : [])))
    return byId(payments, (payment) =>
      [`№${payment.id}`, payment.visitId ? visits.get(payment.visitId) : null]
        .filter(Boolean)
        .join(' · ')
    )
  },
}

/** The names of the entries' objects, keyed `type:id`; one query per kind on the page. */
export async function auditEntityNames(
  rows: { entityType: string | null; entityId: string | null }[]
) {
  const idsByType = new Map<string, Set<number>>()
  for (const row of rows) {
    const id = Number(row.entityId)
    if (!row.entityType || !LOADERS[row.entityType] || !Number.isSafeInteger(id)) continue
    idsByType.set(row.entityType, (idsByType.get(row.entityType) ?? new Set()).add(id))
  }
  const names = new Map<string, string>()
  for (const [type, ids] of idsByType) {
    for (const [id, name] of await LOADERS[type]([...ids])) names.set(`${type}:${id}`, name)
  }
  return names
}
