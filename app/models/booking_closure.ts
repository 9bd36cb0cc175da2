import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** Booking switched off for a specialist on `day`, or on every day when `day` is null (APT-R2). */
export default class BookingClosure extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare doctorId: number

  @column({
    consume: (value: string | Date | null) =>
      value === null
        ? null
        : value instanceof Date
          ? DateTime.fromJSDate(value, { zone: 'utc' }).toISODate()
          : String(value).slice(0, 10),
  })
  declare day: string | null

  @column()
  declare note: string | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  serializeForApi() {
    return { id: this.id, doctor_id: this.doctorId, day: this.day, note: this.note }
  }
}
