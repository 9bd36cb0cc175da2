import type { HttpContext } from '@adonisjs/core/http'
import expenseService from '#services/admin/expense_service'
import { expensesPdf, expensesXlsx } from '#services/admin/admin_exports'
import {
  createExpenseValidator,
  listExpensesValidator,
  updateExpenseValidator,
} from '#validators/admin_finance'

/** /api/admin/expenses: the journal, its Excel and PDF exports (ADM-R6, ADM-T10). */
export default class ExpensesController {
  async index({ request }: HttpContext) {
    return expenseService.list(
      await request.validateUsing(listExpensesValidator, { data: request.qs() })
    )
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createExpenseValidator)
    return ctx.response.created(await expenseService.create(input, ctx))
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateExpenseValidator)
    return expenseService.update(Number(ctx.params.id), input, ctx)
  }

  async destroy(ctx: HttpContext) {
    await expenseService.remove(Number(ctx.params.id), ctx)
    return ctx.response.noContent()
  }

  async exportXlsx(ctx: HttpContext) {
    const filters = await ctx.request.validateUsing(listExpensesValidator, {
      data: ctx.request.qs(),
    })
    const rows = await expenseService.list(filters)
    return ctx.response
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="expenses.xlsx"')
      .send(await expensesXlsx(rows, ctx.i18n, filters))
  }

  async exportPdf(ctx: HttpContext) {
    const filters = await ctx.request.validateUsing(listExpensesValidator, {
      data: ctx.request.qs(),
    })
    const rows = await expenseService.list(filters)
    return ctx.response
      .header('content-type', 'application/pdf')
      .header('content-disposition', 'inline; filename="expenses.pdf"')
      .send(await expensesPdf(rows, ctx.i18n, filters))
  }
}
