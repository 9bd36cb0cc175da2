import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** A line of a payment: a visit's service or a free-text item (minor units). */
export default class PaymentItem extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare paymentId: number

  @column()
  declare visitServiceId: number | null

  @column()
  declare title: string

  @column()
  declare qty: number

  @column({ consume: Number })
  declare price: number

  @column({ consume: Number })
  declare total: number
}
