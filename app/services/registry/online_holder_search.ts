import { DateTime } from 'luxon'
import Doctor from '#models/doctor'
import Patient from '#models/patient'
import QueueEntry, { ONLINE_JOIN_SOURCES } from '#models/queue_entry'
import settingsService from '#services/settings/settings_service'
import { branchToday } from '#services/local_time'
import { ownBranch, type BranchActor } from '#services/branch_scope'

export interface HolderQuery {
  /** Words of the name the patient gave (any order, any case). */
  q?: string
  birth_year?: number
  /** About when they took the number, branch time `HH:mm`. */
  around?: string
  /** How far from `around` a join may be, in minutes (default 30). */
  minutes?: number
  doctor_id?: number
}

const fold = (text: string) => text.toLocaleLowerCase('ru').replace(/ё/g, 'е')

/**
 * REG-E2: a patient who took an online number this morning arrives without
 * the phone. The desk finds the ticket among today's online numbers not yet
 * at the desk by the name given at the join (or the card the phone belongs
 * to), the birth year (of that card) and about when the number was taken.
 * A known card with another birth year is left out; one whose year matches
 * comes first, then the joins nearest the time given.
 */
export async function searchOnlineHolders(input: HolderQuery, who?: BranchActor) {
  /* A user tied to a branch finds that branch's numbers only (issue 12 F7). */
  const branchId = ownBranch(who)
  const today = await branchToday(branchId ?? undefined)
  const query = QueueEntry.query()
    .join('daily_queues', 'daily_queues.id', 'queue_entries.queue_id')
    .where('daily_queues.day', today)
    .whereIn('queue_entries.source', ONLINE_JOIN_SOURCES)
    .whereNull('queue_entries.visit_id')
    .whereNotIn('queue_entries.status', ['canceled', 'transferred', 'done'])
    .select('queue_entries.*', 'daily_queues.doctor_id as doctor_id')
    .orderBy('queue_entries.id')
    .limit(2000)
  if (input.doctor_id) query.where('daily_queues.doctor_id', input.doctor_id)
  if (branchId !== null) query.where('daily_queues.branch_id', branchId)
  const entries = await query

  const phones = [...new Set(entries.map((e) => e.phone).filter((p): p is string => !!p))]
  const cards = phones.length ? await Patient.query().whereIn('phone', phones) : []
  const cardOf = new Map(cards.map((card) => [card.phone, card]))
  const doctorIds = [...new Set(entries.map((e) => Number(e.$extras.doctor_id)))]
  const doctors = doctorIds.length ? await Doctor.query().whereIn('id', doctorIds) : []
  const doctorOf = new Map(doctors.map((d) => [d.id, d]))

  const zone = await settingsService.get<string>('timezone')
  const around = input.around ? DateTime.fromISO(`${today}T${input.around}`, { zone }) : null
  const window = (input.minutes ?? 30) * 60_000
  const words = fold(input.q ?? '')
    .split(/\s+/)
    .filter(Boolean)

  const found = entries
    .map((entry) => {
      const card = entry.phone ? (cardOf.get(entry.phone) ?? null) : null
      const names = fold([entry.patientName ?? '', card?.searchName ?? ''].join(' '))
      const distance = around ? Math.abs(entry.createdAt.toMillis() - around.toMillis()) : 0
      return { entry, card, names, distance }
    })
    .filter(({ names, card, distance }) => {
      if (!words.every((word) => names.includes(word))) return false
      if (input.birth_year && card?.birthYear && card.birthYear !== input.birth_year) return false
      return distance <= window
    })
    .map((item) => ({
      ...item,
      yearMatches: input.birth_year && item.card ? item.card.birthYear === input.birth_year : null,
    }))
    .sort(
      (a, b) =>
        Number(b.yearMatches === true) - Number(a.yearMatches === true) ||
        a.distance - b.distance ||
        a.entry.number - b.entry.number
    )
    .slice(0, 50)

  return found.map(({ entry, card, yearMatches }) => {
    const doctor = doctorOf.get(Number(entry.$extras.doctor_id))
    return {
      entry_id: entry.id,
      queue_id: entry.queueId,
      doctor_id: doctor?.id ?? null,
      doctor_name: doctor?.fullName ?? null,
      number: entry.number,
      ticket: entry.ticket,
      status: entry.status,
      source: entry.source,
      patient_name: entry.patientName,
      phone: entry.phone,
      joined_at: entry.createdAt.toUTC().toISO(),
      joined_local: entry.createdAt.setZone(zone).toFormat('HH:mm'),
      patient: card ? { id: card.id, full_name: card.fullName, birth_year: card.birthYear } : null,
      year_matches: yearMatches,
    }
  })
}
