import type { HttpContext } from '@adonisjs/core/http'
import payrollService from '#services/admin/payroll_service'
import { payslipPdf } from '#services/admin/admin_exports'
import {
  calculatePayrollValidator,
  listPayrollValidator,
  updatePayrollValidator,
} from '#validators/admin_finance'

/** /api/admin/payroll: calculate from done visits, mark paid, payslip PDF (ADM-R7, ADM-T7). */
export default class PayrollController {
  async index({ request }: HttpContext) {
    return payrollService.list(
      await request.validateUsing(listPayrollValidator, { data: request.qs() })
    )
  }

  async show({ params }: HttpContext) {
    return (await payrollService.show(Number(params.id))).entry
  }

  /** POST /api/admin/payroll {period_start, period_end, doctor_id?} → the calculated entries. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(calculatePayrollValidator)
    return ctx.response.created(await payrollService.calculate(input, ctx))
  }

  async update(ctx: HttpContext) {
    const { status } = await ctx.request.validateUsing(updatePayrollValidator)
    return payrollService.setStatus(Number(ctx.params.id), status, ctx)
  }

  async destroy(ctx: HttpContext) {
    await payrollService.remove(Number(ctx.params.id), ctx)
    return ctx.response.noContent()
  }

  async payslip(ctx: HttpContext) {
    const { entry } = await payrollService.show(Number(ctx.params.id))
    return ctx.response
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="payslip-${entry.id}.pdf"`)
      .send(await payslipPdf(entry, ctx.i18n))
  }
}
