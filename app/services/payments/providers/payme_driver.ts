import type { PaymeConfig } from '#services/payments/provider_config'
import type { PaymentDriver } from '#services/payments/providers/payment_driver'

export const PAYME_CHECKOUT = {
  production: 'https://checkout.paycom.uz',
  test: 'https://test.paycom.uz',
}

/**
 * Payme checkout link: base64 of `m=<merchant>;ac.payment_id=<id>;a=<tiyin>`
 * (plus the language and return URL) on checkout.paycom.uz, or test.paycom.uz
 * in test mode. Payme then calls our Merchant API (payme_merchant_api.ts).
 */
export function paymeCheckoutUrl(
  config: PaymeConfig,
  payment: { id: number; amount: number },
  options: { lang?: string; returnUrl?: string } = {}
) {
  const parts = [`m=${config.merchantId}`, `ac.payment_id=${payment.id}`, `a=${payment.amount}`]
  if (options.lang) parts.push(`l=${options.lang}`)
  if (options.returnUrl) parts.push(`c=${options.returnUrl}`)
  const base = config.testMode ? PAYME_CHECKOUT.test : PAYME_CHECKOUT.production
  return `${base}/${Buffer.from(parts.join(';')).toString('base64')}`
}

export const paymeDriver: PaymentDriver<PaymeConfig> = {
  provider: 'payme',
  title: 'Payme',
  currencies: ['UZS'],
  async checkout({ payment, returnUrl, lang }, config) {
    return { checkoutUrl: paymeCheckoutUrl(config, payment, { lang, returnUrl }) }
  },
  /** Payme only pushes: its transactions time out on their side and arrive as CancelTransaction. */
  async poll() {
    return null
  },
  /**
   * Payme's Merchant API has no call for the merchant to refund: the clinic
   * cancels the payment in the Payme merchant cabinet and Payme then sends
   * CancelTransaction, which marks it refunded here.
   */
  async refund() {
    return null
  },
}
