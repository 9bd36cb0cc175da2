import vine from '@vinejs/vine'
import { isoDay, recordId } from '#validators/rules/common'
import { EXPENSE_CATEGORIES } from '#models/expense'
import { PAYROLL_STATUSES } from '#models/payroll_entry'

const expenseFields = {
  category: vine.enum(EXPENSE_CATEGORIES),
  /** Minor units, more than zero. */
  amount: vine.number().withoutDecimals().min(1).max(1_000_000_000_00),
  spent_on: isoDay(),
  note: vine.string().trim().maxLength(500).nullable().optional(),
  branch_id: recordId().nullable().optional(),
}

export const createExpenseValidator = vine.create(expenseFields)

export const updateExpenseValidator = vine.create({
  category: expenseFields.category.optional(),
  amount: expenseFields.amount.optional(),
  spent_on: isoDay().optional(),
  note: expenseFields.note,
  branch_id: expenseFields.branch_id,
})

export const listExpensesValidator = vine.create({
  from: isoDay().optional(),
  to: isoDay().optional(),
  category: vine.enum(EXPENSE_CATEGORIES).optional(),
  branch_id: recordId().optional(),
  lang: vine.enum(['ru', 'uz', 'en']).optional(),
})

export const calculatePayrollValidator = vine.create({
  period_start: isoDay(),
  period_end: isoDay(),
  /** One doctor, or every active doctor with a payroll percent. */
  doctor_id: recordId().optional(),
})

export const listPayrollValidator = vine.create({
  doctor_id: recordId().optional(),
  status: vine.enum(PAYROLL_STATUSES).optional(),
  from: isoDay().optional(),
  to: isoDay().optional(),
})

export const updatePayrollValidator = vine.create({ status: vine.enum(PAYROLL_STATUSES) })
