import type { DateTime } from 'luxon'
import settingsService from '#services/settings/settings_service'
import { clock } from '#services/clock'

/**
 * Local time (spec G-2): "today", the 07:00 window and auto-close use the
 * timezone setting of the branch (of the tenant without a branch); the
 * database stores UTC.
 */
export async function branchNow(branchId?: number): Promise<DateTime> {
  return clock.now().setZone(await settingsService.get<string>('timezone', branchId))
}

export async function branchToday(branchId?: number): Promise<string> {
  return (await branchNow(branchId)).toISODate()!
}
