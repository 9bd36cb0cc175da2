import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuditLog from '#models/audit_log'
import type { AuditEntityType, AuditEvent } from '#services/audit_events'

interface Entry<Event extends string, EntityType extends string> {
  event: Event
  userId?: number | null
  entityType?: EntityType
  entityId?: string | number
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

/** An entry of the host: its event and entity type are in the list the Logs page translates. */
export type AuditEntry = Entry<AuditEvent, AuditEntityType>

/** Writes audit log rows of the current tenant, with the request's IP and agent when given. */
export async function audit(entry: AuditEntry, ctx?: HttpContext) {
  await write(entry, ctx)
}

/**
 * A plugin's own entry (`<plugin id>.<what>`): not in the host's list, so the
 * Logs page shows its event name as written.
 */
export async function pluginAudit(entry: Entry<string, string>, ctx?: HttpContext) {
  await write(entry, ctx)
}

async function write(entry: Entry<string, string>, ctx?: HttpContext) {
  await AuditLog.create(auditRecord(entry, auditSourceOf(ctx)))
}

/** Who acted: the signed-in user (unless the entry names one), the request's IP and agent. */
export interface AuditSource {
  userId: number | null
  ip: string | null
  userAgent: string | null
}

export function auditSourceOf(ctx?: HttpContext): AuditSource {
  return {
    userId: ctx?.auth?.user?.id ?? null,
    ip: ctx?.request.ip() ?? null,
    userAgent: ctx?.request.header('user-agent')?.slice(0, 500) ?? null,
  }
}

function auditRecord(entry: Entry<string, string>, source: AuditSource) {
  return {
    event: entry.event,
    userId: entry.userId ?? source.userId,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: source.ip,
    userAgent: source.userAgent,
  }
}

/**
 * Writes many audit rows with one statement inside the caller's transaction
 * (the online join's group commit): they commit or roll back with the
 * changes they describe.
 */
export async function insertAuditRows(
  trx: TransactionClientContract,
  entries: { entry: AuditEntry; source: AuditSource }[]
) {
  if (!entries.length) return
  const createdAt = DateTime.local().toFormat(trx.dialect.dateTimeFormat)
  const json = (value: Record<string, unknown> | null) => (value ? JSON.stringify(value) : null)
  const rows = entries.map(({ entry, source }) => {
    const record = auditRecord(entry, source)
    return {
      event: record.event,
      user_id: record.userId,
      entity_type: record.entityType,
      entity_id: record.entityId,
      before: json(record.before),
      after: json(record.after),
      ip: record.ip,
      user_agent: record.userAgent,
      created_at: createdAt,
    }
  })
  await trx.insertQuery().table(AuditLog.table).multiInsert(rows)
}
