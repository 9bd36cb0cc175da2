import vine from '@vinejs/vine'
import settingsRegistry from '#services/settings/settings_registry'
import type { SettingDefinition } from '#services/settings/setting_definitions'

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
/** A provider credential: the settings service stores it encrypted and shows it masked (ADM-R12). */
const hidden = (key: string): SettingDefinition => ({
  key,
  schema: vine.string().trim().minLength(8).maxLength(2000).nullable(),
  default: null,
  branchOverride: false,
  secret: true,
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
