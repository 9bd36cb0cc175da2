import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

export type WebhookOutcome = 'accepted' | 'duplicate' | 'rejected'

/** Every notification a provider sent us, with what we answered. */
export default class PaymentWebhookAttempt extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare provider: string

  @column()
  declare action: string | null

  @column()
  declare externalId: string | null

  @column()
  declare paymentId: number | null

  @column()
  declare outcome: WebhookOutcome

  @column()
  declare errorCode: string | null

  @column()
  declare request: string | null

  @column()
  declare response: string | null

  @column()
  declare ip: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
