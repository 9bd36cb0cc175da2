import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'
import { ticketLabel } from '#services/queue/ticket_label'

export const ENTRY_STATUSES = [
  'waiting',
  'called',
  'in_progress',
  'done',
  'skipped',
  'frozen',
  'canceled',
  'transferred',
  /** QUE-R11: a technical number the desk took ahead, without a patient until a row fills it. */
  'reserved',
] as const
export type EntryStatus = (typeof ENTRY_STATUSES)[number]

/** Where a number came from. Only QR/Telegram/PWA joins count towards the online limit. */
export const ENTRY_SOURCES = ['desk', 'online', 'telegram', 'pwa', 'booking'] as const
export type EntrySource = (typeof ENTRY_SOURCES)[number]
export const ONLINE_JOIN_SOURCES: EntrySource[] = ['online', 'telegram', 'pwa']

/** A numbered place in a daily queue (a ticket). */
export default class QueueEntry extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare queueId: number

  @column()
  declare number: number

  /** The queue's letter when the ticket was issued (null: none). */
  @column()
  declare ticketPrefix: string | null

  @column()
  declare patientId: number | null

  @column()
  declare visitId: number | null

  @column()
  declare patientName: string | null

  @column()
  declare phone: string | null

  @column()
  declare telegramId: string | null

  @column()
  declare status: EntryStatus

  @column()
  declare source: EntrySource

  @column.dateTime()
  declare calledAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** The ticket as printed, shown and called: "T-12". */
  get ticket() {
    return ticketLabel(this.ticketPrefix, this.number)
  }
}
