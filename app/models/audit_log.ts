import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'
import { jsonColumn } from '#models/json_column'

const json = jsonColumn<Record<string, unknown> | null>(null)

/** Who did what to which entity, with before/after snapshots. Written by AuditService. */
export default class AuditLog extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number | null

  @column()
  declare event: string

  @column()
  declare entityType: string | null

  @column()
  declare entityId: string | null

  @column(json)
  declare before: Record<string, unknown> | null

  @column(json)
  declare after: Record<string, unknown> | null

  @column()
  declare ip: string | null

  @column()
  declare userAgent: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
