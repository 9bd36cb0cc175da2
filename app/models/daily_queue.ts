import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** One specialist's (or cabinet's) queue on one local day. */
export default class DailyQueue extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare branchId: number

  @column()
  declare doctorId: number

  @column({
    consume: (value: string | Date) =>
      value instanceof Date ? DateTime.fromJSDate(value).toISODate() : String(value).slice(0, 10),
  })
  declare day: string

  @column({ consume: Boolean })
  declare active: boolean

  /** The letter before its ticket numbers, fixed when the day's queue is made (null: none). */
  @column()
  declare ticketPrefix: string | null

  /** Reception opened: online intake is closed from this moment. */
  @column.dateTime()
  declare openedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
