import { AppException } from '#exceptions/app_exception'
import { reverseClickPayment } from '#services/payments/click_merchant_api'
import type { ClickConfig } from '#services/payments/provider_config'
import type { PaymentDriver } from '#services/payments/providers/payment_driver'

export const CLICK_CHECKOUT = 'https://my.click.uz/services/pay'

/** Minor units (tiyin) → Click's decimal sums: 1500000 → "15000.00". */
export function clickAmount(minor: number) {
  return (minor / 100).toFixed(2)
}

/**
 * Click checkout link: my.click.uz with our service, merchant, the amount in
 * sums and our payment id as `transaction_param` (Click's merchant_trans_id).
 */
export function clickCheckoutUrl(
  config: ClickConfig,
  payment: { id: number; amount: number },
  returnUrl?: string
) {
  const query = new URLSearchParams({
    service_id: config.serviceId,
    merchant_id: config.merchantId,
    amount: clickAmount(payment.amount),
    transaction_param: String(payment.id),
  })
  if (config.merchantUserId) query.set('merchant_user_id', config.merchantUserId)
  if (returnUrl) query.set('return_url', returnUrl)
  return `${CLICK_CHECKOUT}?${query}`
}

export const clickDriver: PaymentDriver<ClickConfig> = {
  provider: 'click',
  title: 'Click',
  currencies: ['UZS'],
  async checkout({ payment, returnUrl }, config) {
    return { checkoutUrl: clickCheckoutUrl(config, payment, returnUrl) }
  },
  /** Click pushes Prepare and Complete; a payment it never completed stays for review. */
  async poll() {
    return null
  },
  /**
   * Click reverses a whole payment through its Merchant API (by the
   * click_paydoc_id kept at Complete); a payment completed without one is
   * reversed in the Click merchant cabinet.
   */
  async refund(payment, amount, config) {
    if (amount !== payment.amount - payment.refundedAmount || payment.refundedAmount > 0) {
      throw new AppException('REFUND_WHOLE_ONLY', 409, {
        provider: 'click',
        provider_name: 'Click',
        amount: payment.amount,
        currency: payment.currency,
      })
    }
    const paydoc = payment.meta.click_paydoc_id
    if (typeof paydoc !== 'string' || !paydoc) return null
    return reverseClickPayment(config, paydoc)
  },
}
