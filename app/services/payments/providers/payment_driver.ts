import type Payment from '#models/payment'
import type PaymentItem from '#models/payment_item'
import type { OnlineProvider } from '#models/payment'

export interface CheckoutRequest {
  payment: Payment
  items: PaymentItem[]
  /** Where the provider sends the patient back (a signed page of the clinic). */
  returnUrl: string
  lang: 'ru' | 'uz' | 'en'
}

export interface CheckoutResult {
  checkoutUrl: string
  /** The provider's reference, when it makes one at checkout (Stripe's session). */
  invoiceId?: string | null
}

/** Where a driver sends its API requests: the provider's own host unless pointed elsewhere (a proxy, a test double). */
export interface ProviderEndpoint {
  host: string
  port: number
  protocol: 'http' | 'https'
}

/** What a provider says about a payment we asked it about (PAY-R9). */
export type PolledStatus = 'pending' | 'paid' | 'failed' | 'canceled'

/**
 * One online provider. Webhooks are provider-shaped and live beside each
 * driver; this is what the rest of the app asks of any of them.
 */
export interface PaymentDriver<Config> {
  provider: OnlineProvider
  /** The provider's brand, as messages name it. */
  title: string
  /** Currencies the provider takes (Payme and Click: UZS only). */
  currencies: readonly string[] | 'any'
  checkout(request: CheckoutRequest, config: Config): Promise<CheckoutResult>
  /** The provider's view of a pending payment; null when the provider only pushes. */
  poll(payment: Payment, config: Config): Promise<PolledStatus | null>
  /** Refunds through the provider's API; null when refunds are made in the provider's cabinet. */
  refund(payment: Payment, amount: number, config: Config): Promise<{ refundId: string } | null>
}
