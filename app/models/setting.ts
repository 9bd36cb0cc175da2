import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** One stored setting value; branch 0 is the tenant-wide value. Read through SettingsService. */
export default class Setting extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare branchId: number

  @column()
  declare key: string

  @column({
    prepare: (value: unknown) => JSON.stringify(value),
    consume: (value: string) => JSON.parse(value),
  })
  declare value: unknown

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
