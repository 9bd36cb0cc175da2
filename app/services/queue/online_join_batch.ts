import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ticketLabel } from '#services/queue/ticket_label'
import { ONLINE_JOIN_SOURCES, type EntrySource } from '#models/queue_entry'
import {
  freeNumbers,
  isUniqueViolation,
  holdQueueLock,
  numberSpanColumns,
  tenantTransaction,
} from '#services/queue/queue_numbering'
import { windowRefusal, windowState, type QueueRules } from '#services/queue/queue_rules'
import { currentTenantOrFail } from '#tenants/context'
import { insertAuditRows, type AuditSource } from '#services/audit_service'

/** One phone's or chat's join, checked and ready for its queue's lock. */
export interface QueuedJoin {
  queueId: number
  day: string
  rules: QueueRules
  source: EntrySource
  phone: string | null
  telegramId: string | null
  patientName: string | null
  /** Who joined (IP and agent of the phone), for the audit row. */
  auditSource: AuditSource
}

export interface JoinedEntry {
  id: number
  queueId: number
  number: number
  /** As printed and called: "T-12" (`ticket_label.ts`). */
  ticket: string
}

export interface JoinOutcome {
  entry: JoinedEntry
  duplicate: boolean
}

interface Waiting {
  join: QueuedJoin
  resolve(outcome: JoinOutcome): void
  reject(error: unknown): void
}

/** The most joins one transaction takes; the rest wait for the next. */
const MOST_PER_BATCH = 200

/**
 * Group commit for the 07:00 burst. Joins to one queue wait in line while
 * the queue's transaction runs; the next transaction takes everyone waiting
 * by then: one lock, one read of the queue's state and holders, one insert,
 * one commit for all of them. Each join gets exactly the answer it would
 * get alone, in arrival order: the holder's number (QUE-R6), a refusal of
 * the window or the limit, or the next number. A join that finds the line
 * empty starts at once, so a quiet queue waits for nothing. Other processes
 * serialize on the same database lock, and the unique keys stay the last
 * guard: a collision rolls the whole batch back and runs it once more.
 */
class OnlineJoinBatches {
  #lines = new Map<string, Waiting[]>()

  join(join: QueuedJoin): Promise<JoinOutcome> {
    const key = `${currentTenantOrFail().connectionName}:${join.queueId}:${join.rules.startNumber}`
    return new Promise((resolve, reject) => {
      const line = this.#lines.get(key)
      if (line) return line.push({ join, resolve, reject })
      const started: Waiting[] = [{ join, resolve, reject }]
      this.#lines.set(key, started)
      void this.#drain(key, started)
    })
  }

  async #drain(key: string, line: Waiting[]) {
    try {
      while (line.length) {
        const batch = line.splice(0, MOST_PER_BATCH)
        try {
          const outcomes = await runBatch(batch.map((w) => w.join))
          outcomes.forEach((outcome, i) =>
            outcome instanceof Error ? batch[i].reject(outcome) : batch[i].resolve(outcome)
          )
        } catch (error) {
          for (const waiting of batch) waiting.reject(error)
        }
      }
    } finally {
      this.#lines.delete(key)
    }
  }
}

async function runBatch(joins: QueuedJoin[]) {
  try {
    return await tenantTransaction((trx) => allocate(trx, joins))
  } catch (error) {
    /* Only a writer outside the lock can collide; the second run finds its entry. */
    if (!isUniqueViolation(error)) throw error
    return await tenantTransaction((trx) => allocate(trx, joins))
  }
}

/**
 * Inside the queue's lock: every join's answer, one insert for the new
 * numbers and one for their audit rows, committed together.
 */
async function allocate(trx: TransactionClientContract, joins: QueuedJoin[]) {
  const { queueId, rules } = joins[0]
  const from = rules.startNumber
  await holdQueueLock(trx, queueId)
  const queue = await trx
    .from('daily_queues')
    .where('id', queueId)
    .select(
      'opened_at as openedAt',
      'active',
      'ticket_prefix as ticketPrefix',
      trx
        .from('queue_entries')
        .where('queue_id', queueId)
        .whereIn('source', ONLINE_JOIN_SOURCES)
        .count('*')
        .as('online'),
      ...numberSpanColumns(trx, queueId, from)
    )
    .first()
  queue.active = Boolean(queue.active)

  const holders = new Map<string, JoinedEntry>()
  for (const row of await findHolders(trx, queueId, joins)) {
    const number = Number(row.number)
    const entry = { id: row.id, queueId, number, ticket: ticketLabel(row.ticket_prefix, number) }
    if (row.phone) holders.set(`p:${row.phone}`, entry)
    if (row.telegram_id) holders.set(`t:${row.telegram_id}`, entry)
  }

  const next = await freeNumbers(trx, queueId, from, queue)
  const now = DateTime.local().toFormat(trx.dialect.dateTimeFormat)
  let online = Number(queue.online)
  const fresh: { entry: JoinedEntry; join: QueuedJoin }[] = []
  const rows: Record<string, unknown>[] = []
  const outcomes = joins.map((join): JoinOutcome | Error => {
    const held =
      (join.phone && holders.get(`p:${join.phone}`)) ||
      (join.telegramId && holders.get(`t:${join.telegramId}`))
    if (held) return { entry: held, duplicate: true }
    const state = windowState(queue, join.rules, join.day)
    if (state !== 'open') return windowRefusal(state, join.rules)
    if (online >= join.rules.maxPerDay) return windowRefusal('full', join.rules)

    online++
    const number = next()
    const entry = { id: 0, queueId, number, ticket: ticketLabel(queue.ticketPrefix, number) }
    if (join.phone) holders.set(`p:${join.phone}`, entry)
    if (join.telegramId) holders.set(`t:${join.telegramId}`, entry)
    fresh.push({ entry, join })
    rows.push({
      queue_id: queueId,
      number: entry.number,
      ticket_prefix: queue.ticketPrefix,
      patient_name: join.patientName,
      phone: join.phone,
      telegram_id: join.telegramId,
      status: 'waiting',
      source: join.source,
      created_at: now,
      updated_at: now,
    })
    return { entry, duplicate: false }
  })
  if (rows.length) {
    const [id] = await trx.insertQuery().table('queue_entries').multiInsert(rows)
    if (fresh.length === 1) fresh[0].entry.id = Number(id)
    else await readIds(trx, queueId, fresh)
    await insertAuditRows(
      trx,
      fresh.map(({ entry, join }) => ({
        source: join.auditSource,
        entry: {
          event: 'queue.joined' as const,
          entityType: 'queue_entry' as const,
          entityId: entry.id,
          after: {
            number: entry.number,
            source: join.source,
            queue_id: queueId,
            phone: join.phone,
            telegram_id: join.telegramId,
          },
        },
      }))
    )
  }
  return outcomes
}

/** The ids of several entries just inserted (a multi-row insert names only one). */
async function readIds(
  trx: TransactionClientContract,
  queueId: number,
  fresh: { entry: JoinedEntry }[]
) {
  const rows = await trx
    .from('queue_entries')
    .where('queue_id', queueId)
    .whereIn(
      'number',
      fresh.map(({ entry }) => entry.number)
    )
    .select('id', 'number')
  const ids = new Map(
    rows.map((row: { id: number; number: number }) => [Number(row.number), row.id])
  )
  for (const { entry } of fresh) entry.id = ids.get(entry.number)!
}

async function findHolders(trx: TransactionClientContract, queueId: number, joins: QueuedJoin[]) {
  const phones = joins.flatMap((j) => (j.phone ? [j.phone] : []))
  const chats = joins.flatMap((j) => (j.telegramId ? [j.telegramId] : []))
  if (!phones.length && !chats.length) return []
  return trx
    .from('queue_entries')
    .where('queue_id', queueId)
    .where((q) => {
      if (phones.length) q.orWhereIn('phone', [...new Set(phones)])
      if (chats.length) q.orWhereIn('telegram_id', [...new Set(chats)])
    })
    .select('id', 'number', 'ticket_prefix', 'phone', 'telegram_id')
}

export default new OnlineJoinBatches()
