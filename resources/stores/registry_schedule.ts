import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { api } from '~/composables/use_api'
import { dayToDate } from '~/composables/use_registry_format'

/** One weekday of a doctor's week (Mon = 1 … Sun = 7), as `GET /api/schedule` answers it. */
export interface WeekDay {
  weekday: number
  start: string
  end: string
  breaks: { start: string; end: string }[]
}

/** A doctor's chosen day as booking sees it (the `occupancy` of `GET /api/schedule?date`). */
export interface Occupancy {
  day: string
  hours: { start: string; end: string; breaks: { start: string; end: string }[] } | null
  capacity: number | null
  booked: number
  free: number | null
  closures: { id: number; day: string | null; note: string | null }[]
}

interface DoctorSchedule {
  doctor: { id: number }
  days: WeekDay[]
  occupancy: Occupancy | null
}

/**
 * What the desk should know about a doctor on the chosen day: works (with
 * hours and free slots), keeps no schedule, or — worth a warning, never a
 * block — does not work that day, has booking closed, or is fully booked.
 */
export type DayState = 'works' | 'no_schedule' | 'day_off' | 'closed' | 'full'

export interface DoctorDay {
  state: DayState
  hours: Occupancy['hours']
  booked: number
  free: number | null
  capacity: number | null
}

/** The weekday of an ISO day, Mon = 1 … Sun = 7 (the schedules' numbering). */
export function weekdayOf(day: string) {
  return ((dayToDate(day).getDay() + 6) % 7) + 1
}

/** Occupancy changes with every booking: a re-read of the same day waits at least this long. */
const REFRESH_MS = 20_000

/**
 * The doctors' weekly hours and the chosen day's occupancy for the registry
 * panel (APT/REG: "schedules show in the registry"), read with one request
 * per day shown and kept while the desk types.
 */
export const useRegistrySchedule = defineStore('registry-schedule', () => {
  const weeks = shallowRef(new Map<number, WeekDay[]>())
  const occupancy = shallowRef(new Map<number, Occupancy>())
  const day = ref('')
  let readAt = 0
  let pending: Promise<void> | null = null

  /** Reads `day`'s schedule; the same day again only after REFRESH_MS unless `force`. */
  async function load(next: string, options: { force?: boolean } = {}) {
    if (!next) return
    const fresh = next === day.value && Date.now() - readAt < REFRESH_MS
    if (fresh && !options.force) return
    if (pending && next === day.value) return pending
    day.value = next
    readAt = Date.now()
    pending = api
      .get<DoctorSchedule[]>('/api/schedule', { date: next })
      .then((list) => {
        if (next !== day.value) return
        weeks.value = new Map(list.map((item) => [item.doctor.id, item.days]))
        occupancy.value = new Map(
          list.flatMap((item) =>
            item.occupancy ? [[item.doctor.id, item.occupancy] as const] : []
          )
        )
      })
      .catch(() => {
        /* The hints are a help: without them the panel works as before. */
        readAt = 0
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  /** The doctor on the loaded day, or null while it is not known. */
  function dayOf(doctorId: number | null | undefined): DoctorDay | null {
    if (!doctorId) return null
    const week = weeks.value.get(doctorId)
    const found = occupancy.value.get(doctorId)
    if (!week || !found) return null
    let state: DayState = 'works'
    if (!week.length) state = 'no_schedule'
    else if (!found.hours) state = 'day_off'
    else if (found.closures.length) state = 'closed'
    else if (found.free === 0) state = 'full'
    return {
      state,
      hours: found.hours,
      booked: found.booked,
      free: found.free,
      capacity: found.capacity,
    }
  }

  /** The doctor's hours on a weekday of the calendar: null when the clinic keeps no week for them. */
  function hoursOn(doctorId: number, isoDay: string) {
    const week = weeks.value.get(doctorId)
    if (!week?.length) return null
    return week.find((item) => item.weekday === weekdayOf(isoDay)) ?? false
  }

  return { day, weeks, load, dayOf, hoursOn }
})
