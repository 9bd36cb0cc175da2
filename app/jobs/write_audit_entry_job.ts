import { defineJob } from '#services/jobs/job_definition'
import AuditLog from '#models/audit_log'

/**
 * Writes an audit entry from the background (integrations, webhooks). Also the
 * smallest tenant job: it proves a job re-enters the tenant it was queued for.
 */
export const writeAuditEntryJob = defineJob<{
  tenantId: number
  event: string
  entityType?: string
  entityId?: string
  after?: Record<string, unknown>
}>({
  name: 'audit.write',
  scope: 'tenant',
  async handle(payload) {
    await AuditLog.create({
      event: payload.event,
      entityType: payload.entityType ?? null,
      entityId: payload.entityId ?? null,
      after: payload.after ?? null,
    })
  },
})
