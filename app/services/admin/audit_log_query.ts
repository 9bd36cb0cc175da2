import AuditLog from '#models/audit_log'
import User from '#models/user'
import { periodOf } from '#services/admin/period'
import { AUDIT_EVENTS } from '#services/audit_events'
import { auditEntityNames } from '#services/admin/audit_entity_names'

export interface AuditFilters {
  from?: string
  to?: string
  user_id?: number
  event?: string
  entity_type?: string
  entity_id?: string
  page?: number
  per_page?: number
}

/** The audit log as the Logs page reads it (ADM-R9, ADM-T12): filtered, newest first, paginated. */
export async function listAuditLog(filters: AuditFilters) {
  const query = AuditLog.query().orderBy('id', 'desc')
  if (filters.from || filters.to) {
    const period = await periodOf(filters.from ?? '2000-01-01', filters.to ?? '2999-12-31')
    query.where('created_at', '>=', period.utcFrom).where('created_at', '<', period.utcTo)
  }
  if (filters.user_id) query.where('user_id', filters.user_id)
  if (filters.event) {
    if (filters.event.endsWith('.')) query.whereRaw('event LIKE ?', [`${filters.event}%`])
    else query.where('event', filters.event)
  }
  if (filters.entity_type) query.where('entity_type', filters.entity_type)
  if (filters.entity_id) query.where('entity_id', filters.entity_id)

  const page = await query.paginate(filters.page ?? 1, filters.per_page ?? 50)
  const userIds = [
    ...new Set(
      page
        .all()
        .map((row) => row.userId)
        .filter((id): id is number => !!id)
    ),
  ]
  const users = userIds.length ? await User.query().whereIn('id', userIds) : []
  const names = new Map(users.map((user) => [user.id, user.fullName || user.login]))
  const entityNames = await auditEntityNames(page.all())
  return {
    meta: {
      total: page.total,
      page: page.currentPage,
      per_page: page.perPage,
      last_page: page.lastPage,
    },
    data: page.all().map((row) => ({
      id: row.id,
      created_at: row.createdAt.toISO(),
      event: row.event,
      user_id: row.userId,
      user_name: row.userId ? (names.get(row.userId) ?? null) : null,
      entity_type: row.entityType,
      entity_id: row.entityId,
      /** What people call the object ("Каримова Дилноза"), null when unknown or deleted. */
      entity_name: entityNames.get(`${row.entityType}:${row.entityId}`) ?? null,
      before: row.before,
      after: row.after,
      ip: row.ip,
    })),
  }
}

/** The filter's choices: every event the host writes and any other already in the log (plugins'). */
export async function auditEvents() {
  const rows = await AuditLog.query().distinct('event')
  return [...new Set([...AUDIT_EVENTS, ...rows.map((row) => row.event)])].sort()
}
