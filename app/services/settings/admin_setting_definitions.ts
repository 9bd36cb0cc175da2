import vine from '@vinejs/vine'
import type { SettingDefinition } from './setting_definitions.js'
import { templateRule } from './template_rule.js'

const text = (max: number) => vine.string().trim().maxLength(max)
const secret = () => vine.string().trim().minLength(8).maxLength(500).nullable()
const template = () => vine.string().maxLength(20_000).use(templateRule()).nullable()

/**
 * The settings sections of the admin panel (spec §7.2 "Settings groups"):
 * general, printing, security, and (upcoming, not on the page yet) Telegram and AI. The queue keys live in
 * setting_definitions.ts; payment provider keys are declared by payments.
 */
export const ADMIN_SETTINGS: SettingDefinition[] = [
  { key: 'clinic.address', schema: text(500), default: '', branchOverride: true },
  { key: 'clinic.phone', schema: text(40), default: '', branchOverride: true },
  {
    key: 'date_format',
    schema: vine.enum(['DD.MM.YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY']),
    default: 'DD.MM.YYYY',
    branchOverride: true,
  },
  {
    key: 'printing.prescription_format',
    schema: vine.enum(['A5', 'A4']),
    default: 'A5',
    branchOverride: true,
  },
  { key: 'printing.ticket_footer', schema: text(300), default: '', branchOverride: true },
  { key: 'printing.template.receipt', schema: template(), default: null, branchOverride: false },
  { key: 'printing.template.ticket', schema: template(), default: null, branchOverride: false },
  {
    key: 'printing.template.prescription',
    schema: template(),
    default: null,
    branchOverride: false,
  },
  {
    key: 'telegram.enabled',
    schema: vine.boolean(),
    default: false,
    branchOverride: false,
    upcoming: true,
  },
  {
    key: 'telegram.bot_token',
    schema: vine
      .string()
      .trim()
      .regex(/^\d{5,12}:[A-Za-z0-9_-]{30,60}$/)
      .nullable(),
    default: null,
    branchOverride: false,
    upcoming: true,
    secret: true,
  },
  {
    key: 'telegram.admin_chat_ids',
    schema: vine
      .array(
        vine
          .string()
          .trim()
          .regex(/^-?\d{3,20}$/)
      )
      .maxLength(20)
      .distinct(),
    default: [],
    branchOverride: true,
    upcoming: true,
  },
  {
    key: 'ai.provider',
    schema: vine.enum(['none', 'openai', 'gemini', 'deepseek']),
    default: 'none',
    branchOverride: false,
    upcoming: true,
  },
  {
    key: 'ai.api_key',
    schema: secret(),
    default: null,
    branchOverride: false,
    upcoming: true,
    secret: true,
  },
  { key: 'ai.model', schema: text(100), default: '', branchOverride: false, upcoming: true },
  {
    key: 'ai.daily_request_limit',
    schema: vine.number().withoutDecimals().range([0, 100_000]),
    default: 200,
    branchOverride: false,
    upcoming: true,
  },
  {
    key: 'security.admin_ip_allowlist',
    schema: vine
      .array(
        vine
          .string()
          .trim()
          .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/)
      )
      .maxLength(50)
      .distinct(),
    default: [],
    branchOverride: false,
  },
  {
    key: 'security.require_2fa_roles',
    schema: vine.array(vine.string().trim().maxLength(60)).maxLength(20).distinct(),
    default: [],
    branchOverride: false,
  },
]
