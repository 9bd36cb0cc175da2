import { DateTime } from 'luxon'

/**
 * The one source of "now" for time rules (queue windows, end of day). Tests
 * set it instead of waiting: `clock.set('2026-03-02T06:59:59', 'Asia/Tashkent')`.
 */
class Clock {
  #fixed: DateTime | null = null

  now(): DateTime {
    return this.#fixed ?? DateTime.utc()
  }

  /** Freezes time at an ISO instant (local to `zone` when it has no offset). */
  set(iso: string, zone = 'utc') {
    const at = DateTime.fromISO(iso, { zone })
    if (!at.isValid) throw new Error(`Invalid clock time ${iso}`)
    this.#fixed = at.toUTC()
  }

  reset() {
    this.#fixed = null
  }
}

export const clock = new Clock()
