import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

export const MEDIA_KINDS = ['image', 'video'] as const
export type MediaKind = (typeof MEDIA_KINDS)[number]

/** A banner or short video uploaded for a board in admin (BRD-R7: no external links). */
export default class BoardMedia extends TenantModel {
  static table = 'board_media'

  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: 'board_id' })
  declare boardId: number

  @column()
  declare kind: MediaKind

  @column({ serializeAs: null })
  declare path: string

  @column()
  declare mime: string

  @column({ consume: Number })
  declare size: number

  @column({ serializeAs: 'original_name' })
  declare originalName: string

  @column({ consume: Number })
  declare position: number

  @column({ consume: Number, serializeAs: 'duration_seconds' })
  declare durationSeconds: number

  @column.dateTime({ autoCreate: true, serializeAs: 'created_at' })
  declare createdAt: DateTime
}
