import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'
import { jsonColumn } from '#models/json_column'

export const PAYROLL_STATUSES = ['pending', 'paid'] as const
export type PayrollStatus = (typeof PAYROLL_STATUSES)[number]

export interface PayrollLine {
  service_id: number | null
  title: string
  qty: number
  total: number
  percent: number
  share: number
}

const day = (value: string | Date) =>
  value instanceof Date ? DateTime.fromJSDate(value).toISODate()! : String(value).slice(0, 10)

/** A doctor's payout for a period: a share of the services of the period's done visits. */
export default class PayrollEntry extends TenantModel {
  static table = 'payroll'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare doctorId: number

  @column({ consume: day })
  declare periodStart: string

  @column({ consume: day })
  declare periodEnd: string

  @column({ consume: Number })
  declare amount: number

  @column({ consume: Number })
  declare baseAmount: number

  @column()
  declare visitsCount: number

  @column()
  declare currency: string

  @column()
  declare status: PayrollStatus

  @column(jsonColumn<PayrollLine[]>([]))
  declare lines: PayrollLine[]

  @column.dateTime()
  declare paidAt: DateTime | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
