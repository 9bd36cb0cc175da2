import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'
import { jsonColumn } from '#models/json_column'

export const BOARD_PRIVACY = ['number', 'initials', 'full'] as const
export type BoardPrivacy = (typeof BOARD_PRIVACY)[number]
export const BOARD_THEMES = ['dark', 'light'] as const
export const BOARD_LANGS = ['ru', 'uz', 'en'] as const
export type BoardLang = (typeof BOARD_LANGS)[number]
export type Ticker = Record<BoardLang, string>

/** A waiting-room screen (spec §6). Serialized in snake_case like the API; never its key hash. */
export default class Board extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: 'branch_id' })
  declare branchId: number

  @column()
  declare name: string

  @column({ serializeAs: null })
  declare keyHash: string

  @column({ serializeAs: 'key_hint' })
  declare keyHint: string

  @column()
  declare privacy: BoardPrivacy

  @column({ ...jsonColumn<number[]>([]), serializeAs: 'specialist_ids' })
  declare specialistIds: number[]

  @column()
  declare theme: (typeof BOARD_THEMES)[number]

  @column({ consume: Number, serializeAs: 'next_count' })
  declare nextCount: number

  @column({ consume: Number, serializeAs: 'call_seconds' })
  declare callSeconds: number

  @column({ consume: Boolean, serializeAs: 'voice_enabled' })
  declare voiceEnabled: boolean

  @column({ serializeAs: 'voice_lang' })
  declare voiceLang: BoardLang

  @column({ consume: Number, serializeAs: 'voice_volume' })
  declare voiceVolume: number

  @column({ consume: Boolean, serializeAs: 'chime_enabled' })
  declare chimeEnabled: boolean

  @column({ serializeAs: 'pinned_message' })
  declare pinnedMessage: string | null

  @column(jsonColumn<Ticker>({ ru: '', uz: '', en: '' }))
  declare ticker: Ticker

  @column({ consume: Boolean, serializeAs: 'test_mode' })
  declare testMode: boolean

  @column({ consume: Boolean })
  declare active: boolean

  @column.dateTime({ autoCreate: true, serializeAs: 'created_at' })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true, serializeAs: 'updated_at' })
  declare updatedAt: DateTime

  /** Shows this doctor's queue? (an empty list shows every doctor of the branch) */
  shows(doctorId: number) {
    return this.specialistIds.length === 0 || this.specialistIds.includes(doctorId)
  }
}
