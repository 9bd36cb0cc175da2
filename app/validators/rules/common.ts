import vine from '@vinejs/vine'
import { DateTime } from 'luxon'

/** The years a day may fall in: birth dates from 1900, bookings and reports well ahead. */
export const MIN_DAY_YEAR = 1900
export const MAX_DAY_YEAR = 2200

/**
 * A day that exists (not 2026-02-30) within MIN_DAY_YEAR..MAX_DAY_YEAR: a
 * period walked day by day (reports, calendars) stays finite (issue 12, F8).
 */
const realDay = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const day = DateTime.fromISO(value, { zone: 'utc' })
  if (!day.isValid || day.year < MIN_DAY_YEAR || day.year > MAX_DAY_YEAR) {
    field.report('The {{ field }} field has an invalid format', 'regex', field)
  }
})

/** A local calendar day, `yyyy-MM-dd`. */
export const isoDay = () =>
  vine
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .use(realDay())

/**
 * The largest id a route accepts: the top of a signed 32-bit integer column
 * (MySQL INT), so a huge number is a 422, never a driver error (issue 12, F8).
 */
export const MAX_RECORD_ID = 2_147_483_647

/** A record id. */
export const recordId = () => vine.number().withoutDecimals().range([1, MAX_RECORD_ID])

/** A page number of a listing: far past any real listing, bounded so the SQL offset stays a number. */
export const pageNumber = () => vine.number().withoutDecimals().range([1, 100_000])

/** A sum in minor units (tiyin, cents): up to 10¹¹, a billion sum. */
export const MAX_MINOR_AMOUNT = 1_000_000_000_00
