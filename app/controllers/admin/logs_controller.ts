import type { HttpContext } from '@adonisjs/core/http'
import { auditEvents, listAuditLog } from '#services/admin/audit_log_query'
import { auditLogValidator } from '#validators/admin_report'

/** GET /api/admin/logs: the audit log filtered by date, user and event (ADM-R9). */
export default class LogsController {
  async index({ request }: HttpContext) {
    return listAuditLog(await request.validateUsing(auditLogValidator, { data: request.qs() }))
  }

  async events() {
    return auditEvents()
  }
}
