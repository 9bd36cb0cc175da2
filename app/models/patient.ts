import { DateTime } from 'luxon'
import { column, computed } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** A patient of the tenant (decision 3). The desk form's one "full name" field is split on save. */
export default class Patient extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare lastName: string

  @column()
  declare firstName: string

  @column()
  declare middleName: string | null

  @column({ serializeAs: null })
  declare searchName: string

  @column.date()
  declare birthDate: DateTime | null

  @column()
  declare birthYear: number | null

  @column()
  declare sex: 'm' | 'f' | null

  /** E.164, unique per tenant. */
  @column()
  declare phone: string | null

  @column()
  declare address: string | null

  @column()
  declare telegramId: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @computed()
  get fullName() {
    return [this.lastName, this.firstName, this.middleName].filter(Boolean).join(' ')
  }
}
