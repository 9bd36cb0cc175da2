import { DateTime } from 'luxon'
import { column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { TenantModel } from '#tenants/tenant_model'
import PaymentItem from '#models/payment_item'

/** Spec §4.2: the states of one payment. */
export const PAYMENT_STATES = [
  'created',
  'pending',
  'paid',
  'canceled',
  'failed',
  'refunded',
] as const
export type PaymentState = (typeof PAYMENT_STATES)[number]

export const ONLINE_PROVIDERS = ['stripe', 'payme', 'click'] as const
export type OnlineProvider = (typeof ONLINE_PROVIDERS)[number]
export const PAYMENT_PROVIDERS = ['cash', 'card', ...ONLINE_PROVIDERS] as const
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number]
/** The columns of the day's summary: cash, card terminal, online. */
export type PaymentMethod = 'cash' | 'card' | 'online'

const json = {
  prepare: (value: unknown) =>
    value === null || value === undefined ? null : JSON.stringify(value),
  consume: (value: string | null) => (value ? JSON.parse(value) : {}),
}
const money = { consume: (value: unknown) => Number(value) }

/** One payment: at the cash desk, by card terminal or through an online provider (minor units). */
export default class Payment extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare visitId: number | null

  @column()
  declare patientId: number | null

  @column()
  declare branchId: number | null

  @column()
  declare provider: PaymentProvider

  @column()
  declare method: PaymentMethod

  @column()
  declare invoiceId: string | null

  @column(money)
  declare amount: number

  @column(money)
  declare refundedAmount: number

  @column()
  declare currency: string

  @column()
  declare status: PaymentState

  @column(json)
  declare meta: Record<string, unknown>

  @column()
  declare checkoutUrl: string | null

  @column.dateTime()
  declare paidAt: DateTime | null

  @column.dateTime()
  declare closedAt: DateTime | null

  @column()
  declare pollAttempts: number

  @column.dateTime()
  declare nextPollAt: DateTime | null

  @column({ consume: Boolean })
  declare needsReview: boolean

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => PaymentItem)
  declare items: HasMany<typeof PaymentItem>

  /** What is still paid after refunds. */
  get netAmount() {
    return this.status === 'paid' || this.status === 'refunded'
      ? this.amount - this.refundedAmount
      : 0
  }
}
