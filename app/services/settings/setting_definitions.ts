import vine from '@vinejs/vine'
import type { SchemaTypes } from '@vinejs/vine/types'
import { timezoneRule } from '#validators/rules/timezone'
import { SPECIALTIES } from '#models/doctor'
import { DEFAULT_TICKET_PREFIXES, TICKET_PREFIX_PATTERN } from '#services/queue/ticket_label'
import { ADMIN_SETTINGS } from './admin_setting_definitions.js'
import type { Localized } from '#plugin_api/define_plugin'

export interface SettingDefinition {
  /** Full key, or a family ending in `.*` (one value per specialty, say). */
  key: string
  schema: SchemaTypes
  default: unknown | ((suffix: string) => unknown)
  /** Keys of a `.*` family listed in the effective values. */
  members?: readonly string[]
  /** May a branch override the tenant value? */
  branchOverride: boolean
  /** The plugin that declared it: visible only in tenants that enabled the plugin. */
  pluginId?: string
  /** A plugin's label and hint for the settings page (the host's are in admin.json). */
  label?: Localized
  hint?: Localized
  /**
   * A credential (API key, bot token): stored encrypted, read back decrypted by
   * the services that use it, and shown to people only masked (`••••1234`).
   */
  secret?: boolean
  /**
   * The setting of a module not built yet (the Telegram bot, the AI assistant):
   * kept for it in the API, not shown on the settings page until the module
   * exists, since the product says only what it does (issue 22 item 10).
   */
  upcoming?: boolean
}

/** Settings of every tenant, with defaults (spec decision 4 for the queue numbers). */
export const HOST_SETTINGS: SettingDefinition[] = [
  {
    key: 'clinic.name',
    schema: vine.string().trim().minLength(1).maxLength(200),
    default: '',
    branchOverride: true,
  },
  {
    key: 'timezone',
    schema: vine.string().use(timezoneRule()),
    default: 'Asia/Tashkent',
    branchOverride: true,
  },
  { key: 'locale', schema: vine.enum(['ru', 'uz', 'en']), default: 'ru', branchOverride: true },
  {
    key: 'currency',
    schema: vine.enum(['UZS', 'KZT', 'RUB', 'USD']),
    default: 'UZS',
    branchOverride: false,
  },
  {
    key: 'phone.default_country',
    schema: vine.enum(['UZ', 'KZ', 'RU', 'KG', 'TJ']),
    default: 'UZ',
    branchOverride: true,
  },
  {
    key: 'queue.online_start_hour',
    schema: vine.number().withoutDecimals().range([0, 23]),
    default: 7,
    branchOverride: true,
  },
  {
    key: 'queue.online_auto_close',
    schema: vine
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .nullable(),
    default: null,
    branchOverride: true,
  },
  {
    key: 'queue.online_start_number.*',
    schema: vine.number().withoutDecimals().range([1, 999]),
    default: (specialty: string) =>
      ({ dentistry: 3, dermatology: 15, cardiology: 8 })[specialty] ?? 1,
    members: SPECIALTIES,
    branchOverride: true,
  },
  /** Issue 22 item 7: the letter before each ticket number of a specialty's queue; empty for none. */
  {
    key: 'queue.ticket_prefix.*',
    schema: vine.string().trim().toUpperCase().regex(TICKET_PREFIX_PATTERN).nullable(),
    default: (specialty: string) => DEFAULT_TICKET_PREFIXES[specialty] ?? '',
    members: SPECIALTIES,
    branchOverride: true,
  },
  {
    key: 'queue.online_max_per_day.*',
    schema: vine.number().withoutDecimals().range([0, 999]),
    default: 15,
    members: SPECIALTIES,
    branchOverride: true,
  },
  /** APT-R8: a booking takes one slot of this length, or as many as its services' duration needs. */
  {
    key: 'booking.slot_minutes',
    schema: vine.number().withoutDecimals().range([5, 240]),
    default: 20,
    branchOverride: true,
  },
  /**
   * APT-R7: unconfirmed bookings of the day are canceled at this local time,
   * or when the specialist's reception opens (`reception`); null: never.
   */
  {
    key: 'booking.auto_cancel',
    schema: vine
      .string()
      .regex(/^(reception|([01]\d|2[0-3]):[0-5]\d)$/)
      .nullable(),
    default: null,
    branchOverride: true,
  },
  ...ADMIN_SETTINGS,
]
