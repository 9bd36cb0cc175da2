import { DateTime } from 'luxon'
import settingsService from '#services/settings/settings_service'
import { clock } from '#services/clock'

/**
 * Local time of a branch (spec G-2): "today", the 07:00 window and auto-close
 * use the branch's timezone setting; the database stores UTC.
 */
export async function branchZone(branchId: number) {
  return settingsService.get<string>('timezone', branchId)
}

export async function branchNow(branchId: number): Promise<DateTime> {
  return clock.now().setZone(await branchZone(branchId))
}

export async function branchToday(branchId: number): Promise<string> {
  return (await branchNow(branchId)).toISODate()!
}

/** `HH:mm` of `day` in `zone` as an instant. */
export function localInstant(day: string, time: string, zone: string) {
  return DateTime.fromISO(`${day}T${time}`, { zone })
}
