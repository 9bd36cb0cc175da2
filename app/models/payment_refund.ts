import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** One refund of a payment, full or partial (minor units). */
export default class PaymentRefund extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare paymentId: number

  @column({ consume: Number })
  declare amount: number

  @column()
  declare currency: string

  /** api: we asked the provider; provider: the provider told us; desk: money handed back. */
  @column()
  declare source: 'api' | 'provider' | 'desk'

  @column()
  declare providerRefundId: string | null

  @column()
  declare reason: string | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
