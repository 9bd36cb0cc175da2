import Branch from '#models/branch'
import Visit from '#models/visit'
import { branchNow } from '#services/local_time'
import settingsService from '#services/settings/settings_service'
import visitTransitions from '#services/registry/visit_transitions'

/**
 * The day's turn in each branch's local time (spec APT, QUE-R2):
 * - planned or confirmed visits of past days that never came become `no_show`;
 * - from the queue's start hour, visits confirmed for today enter the live
 *   queue with a number from the start number.
 * Idempotent: running it twice changes nothing more.
 */
export async function rollVisitDays() {
  const summary = { noShow: 0, queued: 0 }
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
