import { belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { TenantModel } from '#tenants/tenant_model'
import Service from '#models/service'

/** A service line of a visit, priced when it was added (minor units). */
export default class VisitService extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare visitId: number

  @column()
  declare serviceId: number

  @column()
  declare qty: number

  @column({ consume: Number })
  declare price: number

  @column({ consume: Number })
  declare total: number

  @column()
  declare group: string | null

  @belongsTo(() => Service)
  declare service: BelongsTo<typeof Service>
}
