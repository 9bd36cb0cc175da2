import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** A billable medical service. Price in minor units + currency. */
export default class Service extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare title: string

  @column()
  declare code: string | null

  @column()
  declare category: string

  @column({ consume: Number })
  declare price: number

  @column()
  declare currency: string

  @column({ consume: Boolean })
  declare active: boolean

  /** Minutes, informational. */
  @column()
  declare duration: number | null

  /** Overrides the doctor's payroll percent for this service. */
  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare payrollPercent: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
