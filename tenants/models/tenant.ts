import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import TenantDomain from '#tenants/models/tenant_domain'

export type TenantStatus = 'provisioning' | 'active' | 'suspended' | 'failed'

/**
 * A subscribing organization (one clinic or a chain). Lives in the central database.
 */
export default class Tenant extends BaseModel {
  static connection = 'central'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare status: TenantStatus

  @column()
  declare locale: string

  @column()
  declare timezone: string

  /** `sqlite` or `mysql` */
  @column()
  declare dbDriver: 'sqlite' | 'mysql'

  /** File path (sqlite) or database name (mysql). */
  @column()
  declare dbName: string

  /** A tenant may live on another MySQL server; null means the default one. */
  @column()
  declare dbHost: string | null

  @column()
  declare dbPort: number | null

  /** Name of the newest tenant migration applied. */
  @column()
  declare schemaVersion: string | null

  @column.dateTime()
  declare migratedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => TenantDomain)
  declare domains: HasMany<typeof TenantDomain>

  get isSuspended() {
    return this.status === 'suspended'
  }
}
