import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** Payme's transaction states (Merchant API). */
export const PAYME_STATE = {
  created: 1,
  performed: 2,
  canceled: -1,
  canceledAfterPerform: -2,
} as const

/**
 * A provider's own transaction for one of our payments: a Payme transaction
 * with its state and times, a Click prepare/complete pair.
 */
export default class PaymentTransaction extends TenantModel {
  static table = 'provider_transactions'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare paymentId: number

  @column()
  declare provider: string

  @column()
  declare externalId: string

  @column()
  declare state: number

  @column({ consume: Number })
  declare amount: number

  @column({ consume: (value) => (value === null ? null : Number(value)) })
  declare providerTime: number | null

  @column({ consume: Number })
  declare createTime: number

  @column({ consume: Number })
  declare performTime: number

  @column({ consume: Number })
  declare cancelTime: number

  @column()
  declare reason: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
