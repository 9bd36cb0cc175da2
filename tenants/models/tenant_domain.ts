import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A custom domain (e.g. `clinic.example.uz`) that identifies a tenant besides its subdomain.
 */
export default class TenantDomain extends BaseModel {
  static connection = 'central'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @column()
  declare domain: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
