import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

export const EXPENSE_CATEGORIES = ['rent', 'materials', 'salaries', 'marketing', 'other'] as const
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number]

/** One line of the expenses journal. Amount in minor units. */
export default class Expense extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare branchId: number | null

  @column()
  declare category: ExpenseCategory

  @column({ consume: Number })
  declare amount: number

  @column()
  declare currency: string

  /** Local day (YYYY-MM-DD). */
  @column({
    consume: (value: string | Date) =>
      value instanceof Date ? DateTime.fromJSDate(value).toISODate() : String(value).slice(0, 10),
  })
  declare spentOn: string

  @column()
  declare note: string | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
