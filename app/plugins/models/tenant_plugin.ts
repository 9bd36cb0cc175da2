import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * One plugin's state in one tenant (central database): enabled or not, the
 * version last installed, and when. Disabling keeps the row (and the data).
 */
export default class TenantPlugin extends BaseModel {
  static connection = 'central'
  static table = 'tenant_plugins'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @column()
  declare pluginId: string

  @column({ consume: (value: unknown) => Boolean(value) })
  declare enabled: boolean

  /** Version installed by the last enable. */
  @column()
  declare version: string

  /** Reserved for per-tenant plugin state outside the tenant's settings (JSON text). */
  @column()
  declare settings: string | null

  /** When the tenant last enabled (installed) the plugin. */
  @column.dateTime()
  declare installedAt: DateTime | null

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
