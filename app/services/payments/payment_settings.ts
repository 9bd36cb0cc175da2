import vine from '@vinejs/vine'
import encryption from '@adonisjs/core/services/encryption'
import settingsRegistry from '#services/settings/settings_registry'
import type { SettingDefinition } from '#services/settings/setting_definitions'
import { currentTenantOrFail } from '#tenants/context'

/** Ciphertexts of one tenant cannot be copied into another tenant's settings. */
const purpose = () => `payments:${currentTenantOrFail().tenant.id}`

/** Decrypts a stored provider secret; null when absent or not ours. */
export function revealSecret(stored: unknown): string | null {
  if (typeof stored !== 'string' || !stored) return null
  return encryption.decrypt<string>(stored, purpose()) ?? null
}

/**
 * A provider secret: encrypted before it is stored (ADM-R12), so the settings
 * table, the settings API and the audit log only ever hold ciphertext. A value
 * that already is this tenant's ciphertext (a settings form sending back what
 * it read) is kept as it is.
 */
const secret = () =>
  vine
    .string()
    .trim()
    .maxLength(2000)
    .transform((value) =>
      revealSecret(value) !== null ? value : encryption.encrypt(value, undefined, purpose())
    )
    .nullable()

const flag = (key: string, value: boolean): SettingDefinition => ({
  key,
  schema: vine.boolean(),
  default: value,
  branchOverride: false,
})
const text = (key: string): SettingDefinition => ({
  key,
  schema: vine.string().trim().maxLength(200).nullable(),
  default: null,
  branchOverride: false,
})
const hidden = (key: string): SettingDefinition => ({
  key,
  schema: secret(),
  default: null,
  branchOverride: false,
})

/** Provider switches and credentials (PAY-R6, api-contract "Payments"). */
export const PAYMENT_SETTINGS: SettingDefinition[] = [
  flag('payments.stripe.enabled', false),
  flag('payments.stripe.test_mode', true),
  hidden('payments.stripe.secret_key'),
  hidden('payments.stripe.webhook_secret'),
  flag('payments.payme.enabled', false),
  flag('payments.payme.test_mode', true),
  text('payments.payme.merchant_id'),
  hidden('payments.payme.key'),
  flag('payments.click.enabled', false),
  flag('payments.click.test_mode', true),
  text('payments.click.service_id'),
  text('payments.click.merchant_id'),
  text('payments.click.merchant_user_id'),
  hidden('payments.click.secret_key'),
  {
    key: 'payments.receipt.paper',
    schema: vine.enum(['a5', '80']),
    default: 'a5',
    branchOverride: true,
  },
  {
    key: 'payments.receipt.requisites',
    schema: vine.string().trim().maxLength(1000).nullable(),
    default: null,
    branchOverride: true,
  },
]

for (const definition of PAYMENT_SETTINGS) settingsRegistry.add(definition)
