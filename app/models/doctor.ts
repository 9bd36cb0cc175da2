import { DateTime } from 'luxon'
import { column, manyToMany } from '@adonisjs/lucid/orm'
import type { ManyToMany } from '@adonisjs/lucid/types/relations'
import Service from '#models/service'
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

  /** Drive key of the photo (tenant files), or null. */
  @column()
  declare photoPath: string | null

  /** Payroll share of performed services, percent; null = not paid by percent. */
  @column({ consume: (value) => (value === null || value === undefined ? null : Number(value)) })
  declare payrollPercent: number | null

  /** Services the doctor performs (admin: linked services). */
  @manyToMany(() => Service, { pivotTable: 'doctor_services' })
  declare services: ManyToMany<typeof Service>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** How queue answers name the specialist (join, today's queue). */
  toSpecialist() {
    return { id: this.id, name: this.fullName, specialty: this.specialty, cabinet: this.cabinet }
  }
}
