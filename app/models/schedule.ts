import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

export interface ScheduleBreak {
  start: string
  end: string
}

/** A doctor's working hours on one weekday (1 = Monday … 7 = Sunday), with breaks. */
export default class Schedule extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare doctorId: number

  @column()
  declare weekday: number

  @column()
  declare startTime: string

  @column()
  declare endTime: string

  @column({
    prepare: (value: ScheduleBreak[] | null) => (value ? JSON.stringify(value) : null),
    consume: (value: string | ScheduleBreak[] | null) =>
      typeof value === 'string' ? JSON.parse(value) : (value ?? []),
  })
  declare breaks: ScheduleBreak[]
}
