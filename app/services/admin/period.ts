import { DateTime } from 'luxon'
import settingsService from '#services/settings/settings_service'

/** A range of local days of a branch (or the tenant), with the UTC instants that bound it. */
export interface Period {
  from: string
  to: string
  zone: string
  /** `yyyy-MM-dd HH:mm:ss` UTC: start of `from`, start of the day after `to`. */
  utcFrom: string
  utcTo: string
}

const SQL_TIME = 'yyyy-MM-dd HH:mm:ss'

/** The local days from..to of a branch as UTC bounds for timestamp columns. */
export async function periodOf(from: string, to: string, branchId?: number): Promise<Period> {
  const zone = await settingsService.get<string>('timezone', branchId)
  const start = DateTime.fromISO(from, { zone }).startOf('day')
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day')
  return {
    from,
    to,
    zone,
    utcFrom: start.toUTC().toFormat(SQL_TIME),
    utcTo: end.toUTC().toFormat(SQL_TIME),
  }
}

/** Every local day of a period, in order. */
export function daysOf(period: Period) {
  const days: string[] = []
  for (
    let day = DateTime.fromISO(period.from);
    day.toISODate()! <= period.to;
    day = day.plus({ days: 1 })
  ) {
    days.push(day.toISODate()!)
  }
  return days
}
