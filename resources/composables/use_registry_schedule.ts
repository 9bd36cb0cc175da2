import { useI18n } from 'vue-i18n'
import { messages } from '~/js/i18n'
import type { Locale } from '~/types/shared'
import { useRegistryStore } from '~/stores/registry'
import { useRegistrySchedule, type DoctorDay } from '~/stores/registry_schedule'

/**
 * The panel's words for a doctor's day on the chosen date: a brief line for
 * the doctor lists, the full line of the schedule hint and the warning of a
 * row whose doctor does not take patients that day.
 */
export function useRegistryScheduleText() {
  const { t, locale } = useI18n()
  const store = useRegistryStore()
  const schedule = useRegistrySchedule()

  const span = (from: { start: string; end: string }) => `${from.start}–${from.end}`

  function hours(found: DoctorDay) {
    return found.hours ? span(found.hours) : ''
  }

  function occupancy(found: DoctorDay) {
    if (found.capacity === null) return t('registry.schedule.booked', { n: found.booked })
    return t('registry.schedule.free', { free: found.free ?? 0, capacity: found.capacity })
  }

  /** Why the day is a problem, in a word or two (null when the doctor takes patients). */
  function problem(found: DoctorDay | null) {
    if (!found) return null
    switch (found.state) {
      case 'day_off':
        return t('registry.schedule.off')
      case 'closed':
        return t('registry.schedule.closed')
      case 'full':
        return t('registry.schedule.full')
      default:
        return null
    }
  }

  /** The same as a sentence, for a tooltip. */
  function problemLong(found: DoctorDay | null) {
    if (found?.state !== 'day_off') return problem(found)
    return store.isToday ? t('registry.schedule.day_off_today') : t('registry.schedule.day_off')
  }

  /** A short line for the doctor lists: hours and free slots, or what is wrong. */
  function brief(doctorId: number) {
    const found = schedule.dayOf(doctorId)
    if (!found || found.state === 'no_schedule') return ''
    return problem(found) ?? `${hours(found)} · ${occupancy(found)}`
  }

  /** The weekdays the doctor works, "Mon, Wed, Fri", to suggest another day. */
  function workdays(doctorId: number) {
    const names: string[] = ((messages[locale.value as Locale] ?? messages.ru) as any).registry
      .calendar.weekdays
    return (schedule.weeks.get(doctorId) ?? []).map((day) => names[day.weekday - 1]).join(', ')
  }

  /** The schedule hint of a doctor: its parts, and whether it is a warning. */
  function details(doctorId: number) {
    const found = schedule.dayOf(doctorId)
    if (!found) return null
    const warning = problem(found)
    const parts: string[] = []
    if (found.state === 'no_schedule') {
      parts.push(t('registry.schedule.no_schedule'), occupancy(found))
    } else if (found.state === 'day_off') {
      parts.push(warning!, t('registry.schedule.works_on', { days: workdays(doctorId) }))
    } else {
      parts.push(hours(found))
      for (const item of found.hours?.breaks ?? []) {
        parts.push(t('registry.schedule.break', { time: span(item) }))
      }
      parts.push(warning ?? occupancy(found))
    }
    return { warning: !!warning, state: found.state, parts }
  }

  return { brief, problem, problemLong, details }
}
