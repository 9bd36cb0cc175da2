import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import Doctor from '#models/doctor'
import Schedule from '#models/schedule'
import BookingClosure from '#models/booking_closure'
import { AppException } from '#exceptions/app_exception'
import settingsService from '#services/settings/settings_service'
import { tenantClient } from '#services/queue/queue_numbering'
import { branchNow } from '#services/local_time'

/** Visits that hold their place in a day (APT-R8 occupancy). */
export const BOOKED_STATUSES = ['planned', 'confirmed', 'queued', 'in_progress', 'done']

/** Why a day takes no booking: past, switched off (APT-R2), not a working day, or full. */
export type BookingRefusal = 'past' | 'disabled' | 'day_off' | 'full'

export interface Slot {
  start: string
  end: string
}

/** One specialist's day as booking sees it. */
export interface BookingDay {
  doctor_id: number
  day: string
  slot_minutes: number
  /** The working hours of that weekday; null on a day off or when no schedule is kept. */
  hours: { start: string; end: string; breaks: Slot[] } | null
  slots: Slot[]
  /** Slots of the day; null when the doctor keeps no weekly schedule (no limit). */
  capacity: number | null
  booked: number
  free: number | null
  bookable: boolean
  reason: BookingRefusal | null
  /** What switched booking off on this day (APT-R2), to switch it on again. */
  closures: { id: number; doctor_id: number; day: string | null; note: string | null }[]
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))
const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/**
 * The slots of a working day: from the start in steps of `length`; a slot
 * never crosses a break or the end, the first after a break starts at its end.
 */
export function slotsOf(
  hours: { startTime: string; endTime: string; breaks: Slot[] },
  length: number
) {
  const breaks = [...(hours.breaks ?? [])]
    .map((item) => ({ start: minutesOf(item.start), end: minutesOf(item.end) }))
    .sort((a, b) => a.start - b.start)
  const end = minutesOf(hours.endTime)
  const slots: Slot[] = []
  let at = minutesOf(hours.startTime)
  while (at + length <= end) {
    const clash = breaks.find((item) => at < item.end && at + length > item.start)
    if (clash) {
      at = clash.end
      continue
    }
    slots.push({ start: timeOf(at), end: timeOf(at + length) })
    at += length
  }
  return slots
}

/** Slots one booking takes: its services' minutes in slots, at least one. */
export function slotsNeeded(minutes: number, slotLength: number) {
  return Math.max(1, Math.ceil(minutes / slotLength))
}

/** Slots the doctors' booked visits of `day` take, by doctor. */
async function bookedSlots(
  client: QueryClientContract,
  doctorIds: number[],
  day: string,
  slotLength: number
) {
  const rows = await client
    .from('visits as v')
    .leftJoin('visit_services as vs', 'vs.visit_id', 'v.id')
    .leftJoin('services as s', 's.id', 'vs.service_id')
    .whereIn('v.doctor_id', doctorIds)
    .where('v.date', day)
    .whereIn('v.status', BOOKED_STATUSES)
    .groupBy('v.doctor_id', 'v.id')
    .select('v.doctor_id')
    .select(client.raw('coalesce(sum(s.duration * vs.qty), 0) as minutes'))
  const used = new Map<number, number>()
  for (const row of rows) {
    const doctorId = Number(row.doctor_id)
    used.set(doctorId, (used.get(doctorId) ?? 0) + slotsNeeded(Number(row.minutes), slotLength))
  }
  return used
}

const weekdayOf = (day: string) => DateTime.fromISO(day).weekday

/**
 * Booking days of doctors (the occupancy the registry and
 * `GET /api/appointments/slots` show). A doctor without any weekly schedule
 * is bookable every day without a limit: the clinic keeps no hours for them.
 */
export async function bookingDays(
  doctors: Doctor[],
  day: string,
  client: QueryClientContract = tenantClient()
): Promise<BookingDay[]> {
  if (!doctors.length) return []
  const ids = doctors.map((doctor) => doctor.id)
  const [schedules, closures] = await Promise.all([
    Schedule.query({ client }).whereIn('doctor_id', ids),
    BookingClosure.query({ client })
      .whereIn('doctor_id', ids)
      .where((q) => q.whereNull('day').orWhere('day', day)),
  ])
  const branchIds = [...new Set(doctors.map((doctor) => doctor.branchId))]
  const branches = new Map(
    await Promise.all(
      branchIds.map(async (branchId) => {
        const slotLength = await settingsService.get<number>('booking.slot_minutes', branchId)
        const today = (await branchNow(branchId)).toISODate()!
        const doctorIds = doctors.filter((d) => d.branchId === branchId).map((d) => d.id)
        const booked = await bookedSlots(client, doctorIds, day, slotLength)
        return [branchId, { slotLength, today, booked }] as const
      })
    )
  )
  const weekday = weekdayOf(day)

  return doctors.map((doctor) => {
    const { slotLength, today, booked } = branches.get(doctor.branchId)!
    const week = schedules.filter((row) => row.doctorId === doctor.id)
    const hours = week.find((row) => row.weekday === weekday) ?? null
    const slots = hours ? slotsOf(hours, slotLength) : []
    const capacity = week.length ? slots.length : null
    const used = booked.get(doctor.id) ?? 0
    const free = capacity === null ? null : Math.max(0, capacity - used)
    const closedBy = closures.filter((closure) => closure.doctorId === doctor.id)
    let reason: BookingRefusal | null = null
    if (day < today) reason = 'past'
    else if (closedBy.length) reason = 'disabled'
    else if (week.length && !slots.length) reason = 'day_off'
    else if (free === 0) reason = 'full'
    return {
      doctor_id: doctor.id,
      day,
      slot_minutes: slotLength,
      hours: hours
        ? { start: hours.startTime, end: hours.endTime, breaks: hours.breaks ?? [] }
        : null,
      slots,
      capacity,
      booked: used,
      free,
      bookable: reason === null,
      reason,
      closures: closedBy.map((closure) => closure.serializeForApi()),
    }
  })
}

/** How far ahead the refusal looks for a day to offer instead (REG-E3). */
const LOOK_AHEAD_DAYS = 60

/**
 * APT-T4: refuses a booking of `doctor` on `day` that the day cannot take
 * (switched off → 409 BOOKING_DISABLED, day off or full → 409 NO_SLOTS),
 * naming the next day that can (`next_day`, or null). Run it inside the
 * transaction that writes the booking, after locking the doctor's row, so
 * two registrars cannot both take the last slot.
 */
export async function bookingOpenOrFail(
  doctor: Doctor,
  day: string,
  minutes: number,
  client: QueryClientContract
) {
  const [found] = await bookingDays([doctor], day, client)
  const refusal = refusalOf(found, minutes)
  if (!refusal) return
  let next: string | null = null
  for (let i = 1; i <= LOOK_AHEAD_DAYS && !next; i++) {
    const candidate = DateTime.fromISO(day).plus({ days: i }).toISODate()!
    const [later] = await bookingDays([doctor], candidate, client)
    if (!refusalOf(later, minutes)) next = candidate
  }
  throw new AppException(refusal === 'disabled' ? 'BOOKING_DISABLED' : 'NO_SLOTS', 409, {
    day,
    reason: refusal,
    next_day: next,
  })
}

function refusalOf(day: BookingDay, minutes: number): BookingRefusal | null {
  if (day.reason) return day.reason
  if (day.free !== null && day.free < slotsNeeded(minutes, day.slot_minutes)) return 'full'
  return null
}

/** Minutes a stored visit's services take where their duration is known. */
export async function visitMinutes(client: QueryClientContract, visitId: number) {
  const row = await client
    .from('visit_services as vs')
    .join('services as s', 's.id', 'vs.service_id')
    .where('vs.visit_id', visitId)
    .select(client.raw('coalesce(sum(s.duration * vs.qty), 0) as minutes'))
    .first()
  return Number(row?.minutes ?? 0)
}

/** `GET /api/schedule?date=…`: each listed doctor's weekly hours with that day's occupancy. */
export async function withOccupancy<Item extends { doctor: { id: number } }>(
  list: Item[],
  day: string
) {
  const doctors = await Doctor.query().whereIn(
    'id',
    list.map((item) => item.doctor.id)
  )
  const days = new Map((await bookingDays(doctors, day)).map((found) => [found.doctor_id, found]))
  return list.map((item) => ({ ...item, occupancy: days.get(item.doctor.id) ?? null }))
}
