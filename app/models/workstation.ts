import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

import type { PaperWidth, TicketLang } from '#services/printing/printing_types'

export { PAPER_WIDTHS, TICKET_LANGS } from '#services/printing/printing_types'
export type { PaperWidth, TicketLang } from '#services/printing/printing_types'

/** A front-desk computer with its ticket printer (REG-T9). Serialized in snake_case like the API. */
export default class Workstation extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column({ serializeAs: 'branch_id' })
  declare branchId: number

  @column()
  declare name: string

  /** Host or IP of a network ESC/POS printer; null = print PDF tickets in the browser. */
  @column({ serializeAs: 'printer_host' })
  declare printerHost: string | null

  @column({ consume: Number, serializeAs: 'printer_port' })
  declare printerPort: number

  @column({ consume: Number, serializeAs: 'paper_width' })
  declare paperWidth: PaperWidth

  @column()
  declare lang: TicketLang

  @column.dateTime({ autoCreate: true, serializeAs: 'created_at' })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true, serializeAs: 'updated_at' })
  declare updatedAt: DateTime
}
