import Branch from '#models/branch'
import Visit from '#models/visit'
import DailyQueue from '#models/daily_queue'
import { branchNow } from '#services/local_time'
import settingsService from '#services/settings/settings_service'
import visitTransitions from '#services/registry/visit_transitions'

/**
 * The day's turn in each branch's local time (spec APT, QUE-R2):
 * - planned or confirmed visits of past days that never came become `no_show`;
 * - with `booking.auto_cancel` set (APT-R7), today's unconfirmed bookings are
 *   canceled from that local time, or, set to `reception`, once their
 *   specialist's reception opened;
 * - from the queue's start hour, visits confirmed for today enter the live
 *   queue with a number from the start number.
 * Idempotent: running it twice changes nothing more.
 */
export async function rollVisitDays() {
  const summary = { noShow: 0, canceled: 0, queued: 0 }
  for (const branch of await Branch.all()) {
    const now = await branchNow(branch.id)
    const today = now.toISODate()!

    const missed = await Visit.query()
      .where('branch_id', branch.id)
      .whereIn('status', ['planned', 'confirmed'])
      .where('date', '<', today)
    for (const visit of missed) {
      await visitTransitions.move(visit.id, 'no_show')
      summary.noShow++
    }

    for (const visit of await unconfirmedPastCutoff(branch.id, today, now.toFormat('HH:mm'))) {
      await visitTransitions.move(visit.id, 'canceled', undefined, 'visit.auto_canceled')
      summary.canceled++
    }

    const startHour = await settingsService.get<number>('queue.online_start_hour', branch.id)
    if (now.hour < startHour) continue
    const confirmed = await Visit.query()
      .where('branch_id', branch.id)
      .where('status', 'confirmed')
      .where('date', today)
      .orderBy('confirmed_at')
    for (const visit of confirmed) {
      await visitTransitions.move(visit.id, 'queued')
      summary.queued++
    }
  }
  return summary
}

/** Today's planned (unconfirmed) visits of a branch whose auto-cancel cut-off has passed. */
async function unconfirmedPastCutoff(branchId: number, today: string, localTime: string) {
  const cutoff = await settingsService.get<string | null>('booking.auto_cancel', branchId)
  if (!cutoff || (cutoff !== 'reception' && localTime < cutoff)) return []
  const query = Visit.query()
    .where('branch_id', branchId)
    .where('status', 'planned')
    .where('date', today)
  if (cutoff === 'reception') {
    query.whereIn(
      'doctor_id',
      DailyQueue.query().where('day', today).whereNotNull('opened_at').select('doctor_id')
    )
  }
  return query
}
