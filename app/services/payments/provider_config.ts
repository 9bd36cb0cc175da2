import settingsService from '#services/settings/settings_service'
import { AppException } from '#exceptions/app_exception'
import type { OnlineProvider } from '#models/payment'
import '#services/payments/payment_settings'

export interface StripeConfig {
  testMode: boolean
  secretKey: string
  webhookSecret: string
}
export interface PaymeConfig {
  testMode: boolean
  merchantId: string
  key: string
}
export interface ClickConfig {
  testMode: boolean
  serviceId: string
  merchantId: string
  merchantUserId: string | null
  secretKey: string
}
interface ConfigOf {
  stripe: StripeConfig
  payme: PaymeConfig
  click: ClickConfig
}

/**
 * The current tenant's credentials of a provider (the settings service
 * decrypts the secrets); null
 * when the provider is switched off or its credentials are incomplete.
 */
export async function providerConfig<P extends OnlineProvider>(
  provider: P
): Promise<ConfigOf[P] | null> {
  const values = await settingsService.effective()
  const get = (key: string) => values[`payments.${provider}.${key}`]
  const str = (key: string) => (typeof get(key) === 'string' && get(key) ? String(get(key)) : null)
  if (get('enabled') !== true) return null
  const testMode = get('test_mode') !== false
  if (provider === 'stripe') {
    const secretKey = str('secret_key')
    const webhookSecret = str('webhook_secret')
    if (!secretKey || !webhookSecret) return null
    return { testMode, secretKey, webhookSecret } as ConfigOf[P]
  }
  if (provider === 'payme') {
    const key = str('key')
    const merchantId = str('merchant_id')
    if (!key || !merchantId) return null
    return { testMode, merchantId, key } as ConfigOf[P]
  }
  const secretKey = str('secret_key')
  const serviceId = str('service_id')
  const merchantId = str('merchant_id')
  if (!secretKey || !serviceId || !merchantId) return null
  return {
    testMode,
    serviceId,
    merchantId,
    merchantUserId: str('merchant_user_id'),
    secretKey,
  } as ConfigOf[P]
}

/** PAY-T6: a disabled or unconfigured provider is refused. */
export async function providerConfigOrFail<P extends OnlineProvider>(provider: P) {
  const config = await providerConfig(provider)
  if (!config) throw new AppException('PAYMENT_PROVIDER_DISABLED', 409, { provider })
  return config
}
