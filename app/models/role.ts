import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'
import { jsonColumn } from '#models/json_column'

export const ALL_PERMISSIONS = '*'

/** A named set of permission codes. Built-in roles are `is_system`. */
export default class Role extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare title: string | null

  @column({ consume: Boolean })
  declare isSystem: boolean

  @column(jsonColumn<string[]>([]))
  declare permissions: string[]

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
