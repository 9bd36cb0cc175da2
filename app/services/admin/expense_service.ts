import type { HttpContext } from '@adonisjs/core/http'
import Expense from '#models/expense'
import Branch from '#models/branch'
import settingsService from '#services/settings/settings_service'
import { audit } from '#services/audit_service'
import { FieldErrors } from '#exceptions/field_errors'

export interface ExpenseInput {
  category?: Expense['category']
  amount?: number
  spent_on?: string
  note?: string | null
  branch_id?: number | null
}

export interface ExpenseFilters {
  from?: string
  to?: string
  category?: string
  branch_id?: number
}

export const serializeExpense = (expense: Expense) => ({
  id: expense.id,
  category: expense.category,
  amount: expense.amount,
  currency: expense.currency,
  spent_on: expense.spentOn,
  note: expense.note,
  branch_id: expense.branchId,
  created_by: expense.createdBy,
})

/** The expenses journal (ADM-R6): feeds the reports, exports to Excel and PDF. */
export class ExpenseService {
  async list(filters: ExpenseFilters) {
    const query = Expense.query().orderBy('spent_on', 'desc').orderBy('id', 'desc')
    if (filters.from) query.where('spent_on', '>=', filters.from)
    if (filters.to) query.where('spent_on', '<=', filters.to)
    if (filters.category) query.where('category', filters.category)
    if (filters.branch_id) query.where('branch_id', filters.branch_id)
    return (await query).map(serializeExpense)
  }

  async create(input: ExpenseInput, ctx?: HttpContext) {
    await this.#assertBranch(input.branch_id)
    const expense = await Expense.create({
      category: input.category!,
      amount: input.amount!,
      spentOn: input.spent_on!,
      note: input.note ?? null,
      branchId: input.branch_id ?? null,
      currency: await settingsService.get<string>('currency'),
      createdBy: ctx?.auth?.user?.id ?? null,
    })
    const after = serializeExpense(expense)
    await audit(
      { event: 'expense.created', entityType: 'expense', entityId: expense.id, after },
      ctx
    )
    return after
  }

  async update(id: number, input: ExpenseInput, ctx?: HttpContext) {
    const expense = await Expense.findOrFail(id)
    await this.#assertBranch(input.branch_id)
    const before = serializeExpense(expense)
    if (input.category !== undefined) expense.category = input.category
    if (input.amount !== undefined) expense.amount = input.amount
    if (input.spent_on !== undefined) expense.spentOn = input.spent_on
    if (input.note !== undefined) expense.note = input.note
    if (input.branch_id !== undefined) expense.branchId = input.branch_id
    await expense.save()
    const after = serializeExpense(expense)
    await audit(
      { event: 'expense.updated', entityType: 'expense', entityId: id, before, after },
      ctx
    )
    return after
  }

  async remove(id: number, ctx?: HttpContext) {
    const expense = await Expense.findOrFail(id)
    const before = serializeExpense(expense)
    await expense.delete()
    await audit({ event: 'expense.deleted', entityType: 'expense', entityId: id, before }, ctx)
  }

  async #assertBranch(branchId?: number | null) {
    if (branchId && !(await Branch.find(branchId))) throw FieldErrors.of('branch_id', 'exists')
  }
}

export default new ExpenseService()
