import type { HttpContext } from '@adonisjs/core/http'
import AuditLog from '#models/audit_log'

export interface AuditEntry {
  event: string
  userId?: number | null
  entityType?: string
  entityId?: string | number
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

/** Writes audit log rows of the current tenant, with the request's IP and agent when given. */
export async function audit(entry: AuditEntry, ctx?: HttpContext) {
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
