import type { HttpContext } from '@adonisjs/core/http'
import reportService from '#services/admin/report_service'
import { dashboardValidator, reportValidator } from '#validators/admin_report'
import { FieldErrors } from '#exceptions/field_errors'

/** GET /api/admin/dashboard (today) and GET /api/admin/reports (a period and branch). */
export default class ReportsController {
  async dashboard({ request }: HttpContext) {
    const { branch_id: branchId } = await request.validateUsing(dashboardValidator, {
      data: request.qs(),
    })
    return reportService.dashboard(branchId)
  }

  async report({ request }: HttpContext) {
    const input = await request.validateUsing(reportValidator, { data: request.qs() })
    if (input.to < input.from) throw FieldErrors.of('to', 'afterFrom')
    return reportService.report(input.from, input.to, input.branch_id)
  }
}
