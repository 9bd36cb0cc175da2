import type { DateTime } from 'luxon'
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
  }
}

export function formatHour(hour: number) {
  return `${String(hour).padStart(2, '0')}:00`
}
