import { DateTime } from 'luxon'
import { belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { TenantModel } from '#tenants/tenant_model'
import Patient from '#models/patient'
import Doctor from '#models/doctor'
import VisitService from '#models/visit_service'

/** Decision 2: the visit lifecycle. Payment state lives in `paymentStatus`. */
export const VISIT_STATUSES = [
  'planned',
  'confirmed',
  'queued',
  'in_progress',
  'done',
  'canceled',
  'no_show',
] as const
export type VisitStatus = (typeof VISIT_STATUSES)[number]

export const VISIT_SOURCES = ['desk', 'online', 'telegram', 'pwa'] as const
export type VisitSource = (typeof VISIT_SOURCES)[number]

export const VISIT_TYPES = ['paid', 'repeat', 'benefit'] as const
export const PAYMENT_TYPES = ['cash', 'card', 'online'] as const
export const PAYMENT_STATUSES = ['unpaid', 'pending', 'partial', 'paid', 'refunded'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** A day visit to a specialist: planned for a later day or queued today. */
export default class Visit extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare doctorId: number

  @column()
  declare branchId: number

  /** The local day, `yyyy-MM-dd`. */
  @column({
    consume: (value: string | Date) =>
      value instanceof Date ? DateTime.fromJSDate(value).toISODate() : String(value).slice(0, 10),
  })
  declare date: string

  @column()
  declare status: VisitStatus

  @column()
  declare source: VisitSource

  @column()
  declare type: (typeof VISIT_TYPES)[number]

  @column()
  declare paymentType: (typeof PAYMENT_TYPES)[number] | null

  @column()
  declare paymentStatus: PaymentStatus

  /** Minor units. */
  @column({ consume: Number })
  declare total: number

  @column()
  declare currency: string

  @column({ consume: Boolean })
  declare echo: boolean

  @column({ consume: (value) => (value === null ? null : Number(value)) })
  declare doctorCost: number | null

  @column()
  declare note: string | null

  @column.dateTime()
  declare confirmedAt: DateTime | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Patient)
  declare patient: BelongsTo<typeof Patient>

  @belongsTo(() => Doctor)
  declare doctor: BelongsTo<typeof Doctor>

  @hasMany(() => VisitService)
  declare services: HasMany<typeof VisitService>
}
