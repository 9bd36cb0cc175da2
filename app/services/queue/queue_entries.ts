import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import QueueEntry, { type EntrySource, type EntryStatus } from '#models/queue_entry'
import type DailyQueue from '#models/daily_queue'
import { lowestFreeNumber } from '#services/queue/queue_numbering'

export interface NewEntry {
  source: EntrySource
  /** Decision 4: desk numbers from 1, online/booking numbers from the start number. */
  from: number
  patientId?: number | null
  visitId?: number | null
  patientName?: string | null
  phone?: string | null
  telegramId?: string | null
  /** `waiting` unless said (a technical number is `reserved`, QUE-R11). */
  status?: EntryStatus
}

/** Issues the next number of a queue whose lock the transaction holds. */
export async function issueNumber(
  trx: TransactionClientContract,
  queue: DailyQueue,
  entry: NewEntry
) {
  const number = await lowestFreeNumber(trx, queue.id, entry.from)
  return QueueEntry.create(
    {
      queueId: queue.id,
      number,
      ticketPrefix: queue.ticketPrefix,
      patientId: entry.patientId ?? null,
      visitId: entry.visitId ?? null,
      patientName: entry.patientName ?? null,
      phone: entry.phone ?? null,
      telegramId: entry.telegramId ?? null,
      status: entry.status ?? 'waiting',
      source: entry.source,
    },
    { client: trx }
  )
}

/** The entry a phone or a Telegram chat already holds in the queue (QUE-R6). */
export function findHolder(
  trx: TransactionClientContract,
  queueId: number,
  who: { phone?: string | null; telegramId?: string | null }
) {
  if (!who.phone && !who.telegramId) return Promise.resolve(null)
  return QueueEntry.query({ client: trx })
    .where('queue_id', queueId)
    .where((q) => {
      if (who.phone) q.orWhere('phone', who.phone)
      if (who.telegramId) q.orWhere('telegram_id', who.telegramId)
    })
    .first()
}
