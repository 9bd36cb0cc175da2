import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

export const SPECIALTIES = [
  'therapy',
  'cardiology',
  'ecg',
  'dermatology',
  'dentistry',
  'lab',
] as const

/** A doctor (or a cabinet such as ECG) patients queue for. */
export default class Doctor extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare fullName: string

  @column()
  declare specialty: string

  @column()
  declare cabinet: string | null

  @column()
  declare branchId: number

  /** Minor units of the tenant currency. */
  @column()
  declare priceDefault: number

  @column({ consume: Boolean })
  declare active: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** How queue answers name the specialist (join, today's queue). */
  toSpecialist() {
    return { id: this.id, name: this.fullName, specialty: this.specialty, cabinet: this.cabinet }
  }
}
