import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import DailyQueue from '#models/daily_queue'
import type Doctor from '#models/doctor'
import { ONLINE_JOIN_SOURCES } from '#models/queue_entry'
import { currentTenantOrFail } from '#tenants/context'
import settingsService from '#services/settings/settings_service'
import { ticketPrefixFor } from '#services/queue/ticket_label'

/** The current tenant's database client. */
export function tenantClient() {
  return db.connection(currentTenantOrFail().connectionName)
}

/**
 * Runs `work` in a transaction of the current tenant's database. On MySQL it
 * reads committed data (READ COMMITTED): after waiting for a queue's lock,
 * the next reads must see what the previous holder committed, not a snapshot
 * taken before the wait. SQLite transactions are serializable anyway.
 */
export function tenantTransaction<T>(work: (trx: TransactionClientContract) => Promise<T>) {
  const connection = tenantClient()
  return isSqlite(connection)
    ? connection.transaction(work)
    : connection.transaction(work, { isolationLevel: 'read committed' })
}

function isSqlite(client: QueryClientContract) {
  return client.dialect.name.includes('sqlite')
}

/**
 * Locks the rows `query` selects until the transaction ends. MySQL locks
 * them (`FOR UPDATE`); SQLite has one writer per database and its pool hands
 * the single connection to one transaction at a time.
 */
export function lockedRows<Query extends { forUpdate(): Query }>(
  query: Query,
  trx: TransactionClientContract
) {
  return isSqlite(trx) ? query : query.forUpdate()
}

export function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; errno?: number }
  return (
    e?.code === 'ER_DUP_ENTRY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.errno === 1062
  )
}

/** The doctor's queue of a local day, if anyone used it yet. */
export function findQueue(doctorId: number, day: string) {
  return DailyQueue.query().where('doctor_id', doctorId).where('day', day).first()
}

/** Queues being created in this process, by tenant connection, doctor and day. */
const creating = new Map<string, Promise<DailyQueue>>()

/**
 * The doctor's queue of a local day, created on first use (UNIQUE doctor ×
 * day). At 07:00 a whole waiting room finds the queue missing at once: one
 * of them creates it and the others wait for that and read it, instead of
 * each failing on the unique key (an error apiece, costly to build). Another
 * process racing is still settled by the key.
 */
export async function findOrCreateQueue(doctor: Doctor, day: string): Promise<DailyQueue> {
  const existing = await findQueue(doctor.id, day)
  if (existing) return existing
  const key = `${currentTenantOrFail().connectionName}:${doctor.id}:${day}`
  const underway = creating.get(key)
  if (underway) {
    await underway.catch(() => {})
    return (await findQueue(doctor.id, day)) ?? findOrCreateQueue(doctor, day)
  }
  const creation = createQueue(doctor, day)
  creating.set(key, creation)
  try {
    return await creation
  } finally {
    creating.delete(key)
  }
}

async function createQueue(doctor: Doctor, day: string) {
  const settings = await settingsService.effective(doctor.branchId)
  try {
    return await DailyQueue.create({
      branchId: doctor.branchId,
      doctorId: doctor.id,
      day,
      active: true,
      openedAt: null,
      ticketPrefix: ticketPrefixFor(settings, doctor.specialty),
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return (await findQueue(doctor.id, day))!
  }
}

/** Takes the queue's allocation lock for the rest of the transaction and returns the fresh row. */
export function lockQueue(trx: TransactionClientContract, queueId: number) {
  return lockedRows(DailyQueue.query({ client: trx }).where('id', queueId), trx).firstOrFail()
}

/**
 * Takes the queue's allocation lock for the rest of the transaction without
 * reading the row (MySQL; SQLite's single writer holds it already).
 */
export async function holdQueueLock(trx: TransactionClientContract, queueId: number) {
  if (!isSqlite(trx)) await trx.from('daily_queues').where('id', queueId).forUpdate().select('id')
}

/** How many numbers ≥ `from` a queue has issued, and the highest of them. */
export interface NumberSpan {
  taken: number
  top: number | null
}

/** The `NumberSpan` of a queue as subqueries, to select beside other columns. */
export function numberSpanColumns(client: QueryClientContract, queueId: number, from: number) {
  const issued = () =>
    client.from('queue_entries').where('queue_id', queueId).where('number', '>=', from)
  return [issued().count('*').as('taken'), issued().max('number').as('top')]
}

/**
 * Hands out the lowest numbers ≥ `from` no entry of the queue holds, one per
 * call; the transaction must hold the queue's lock. Numbers of skipped,
 * canceled or transferred entries stay taken (QUE-R11), so nothing is
 * reissued. Usually the numbers ≥ `from` are contiguous and the next is
 * `top + 1`; only a gap (a start number lowered during the day) reads them all.
 */
export async function freeNumbers(
  trx: TransactionClientContract,
  queueId: number,
  from: number,
  span?: NumberSpan
): Promise<() => number> {
  if (!span) {
    const [taken, top] = numberSpanColumns(trx, queueId, from)
    span = await trx.query().select(taken, top).first()
  }
  const taken = Number(span!.taken)
  const top = span!.top === null ? from - 1 : Number(span!.top)
  let next = taken === 0 ? from : top + 1
  if (taken === 0 || top - from + 1 === taken) return () => next++

  const rows = await trx
    .from('queue_entries')
    .where('queue_id', queueId)
    .where('number', '>=', from)
    .select('number')
  const used = new Set<number>(rows.map((row: { number: number }) => Number(row.number)))
  next = from
  return () => {
    while (used.has(next)) next++
    return next++
  }
}

/** The lowest number ≥ `from` no entry of the queue holds (see `freeNumbers`). */
export async function lowestFreeNumber(trx: TransactionClientContract, queueId: number, from = 1) {
  return (await freeNumbers(trx, queueId, from))()
}

/** Online numbers already issued today (QUE-R7 counts QR/Telegram/PWA joins only). */
export async function countOnlineJoins(client: QueryClientContract, queueId: number) {
  const row = await client
    .from('queue_entries')
    .where('queue_id', queueId)
    .whereIn('source', ONLINE_JOIN_SOURCES)
    .count('* as total')
    .first()
  return Number(row.total)
}
