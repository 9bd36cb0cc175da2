import type { DateTime } from 'luxon'
import { AppException } from '#exceptions/app_exception'
import settingsService from '#services/settings/settings_service'
import { clock } from '#services/clock'
import type Doctor from '#models/doctor'

/** The queue settings that apply to one specialist's queue (decision 4, QUE-R4…R8). */
export interface QueueRules {
  zone: string
  now: DateTime
  today: string
  startHour: number
  autoClose: string | null
  startNumber: number
  maxPerDay: number
  /** Where a phone typed without a country code is from. */
  phoneCountry: string
}

/** Reads the rules before any transaction opens (settings use their own connection). */
export async function queueRulesFor(doctor: Doctor): Promise<QueueRules> {
  const settings = await settingsService.effective(doctor.branchId)
  const zone = settings.timezone as string
  const now = clock.now().setZone(zone)
  return {
    zone,
    now,
    today: now.toISODate()!,
    startHour: settings['queue.online_start_hour'] as number,
    autoClose: (settings['queue.online_auto_close'] as string | null) ?? null,
    startNumber: (settings[`queue.online_start_number.${doctor.specialty}`] as number) ?? 1,
    maxPerDay: (settings[`queue.online_max_per_day.${doctor.specialty}`] as number) ?? 15,
    phoneCountry: (settings['phone.default_country'] as string) || 'UZ',
  }
}

export function formatHour(hour: number) {
  return `${String(hour).padStart(2, '0')}:00`
}

export type WindowState = 'not_open_yet' | 'open' | 'closed' | 'full'

/** QUE-R5, R8, R9: is the morning window open for this queue (null: not used yet) right now? */
export function windowState(
  queue: { openedAt: unknown; active: boolean } | null,
  rules: QueueRules,
  day: string
): WindowState {
  if (day > rules.today || rules.now.hour < rules.startHour) {
    return day >= rules.today ? 'not_open_yet' : 'closed'
  }
  if (queue && (queue.openedAt || !queue.active)) return 'closed'
  if (rules.autoClose && rules.now.toFormat('HH:mm') >= rules.autoClose) return 'closed'
  return 'open'
}

/** The answer to a join the window or the limit refuses. */
export function windowRefusal(state: Exclude<WindowState, 'open'>, rules: QueueRules) {
  if (state === 'not_open_yet') {
    return new AppException('QUEUE_NOT_OPEN_YET', 409, { opens_at: formatHour(rules.startHour) })
  }
  if (state === 'full') return new AppException('QUEUE_FULL', 409)
  return new AppException('QUEUE_CLOSED', 409)
}
