import type { HttpContext } from '@adonisjs/core/http'
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
  await AuditLog.create({
    event: entry.event,
    userId: entry.userId ?? ctx?.auth?.user?.id ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: ctx?.request.ip() ?? null,
    userAgent: ctx?.request.header('user-agent')?.slice(0, 500) ?? null,
  })
}
