import Stripe from 'stripe'
import { currentTenantOrFail } from '#tenants/context'
import type { StripeConfig } from '#services/payments/provider_config'
import type {
  PaymentDriver,
  PolledStatus,
  ProviderEndpoint,
} from '#services/payments/providers/payment_driver'

let endpoint: ProviderEndpoint | null = null
const clients = new Map<string, Stripe>()

/** Points every Stripe client of this process at another API host (null: Stripe's own). */
export function useStripeEndpoint(next: ProviderEndpoint | null) {
  endpoint = next
  clients.clear()
}

export function stripeClient(secretKey: string) {
  let client = clients.get(secretKey)
  if (!client) {
    client = new Stripe(secretKey, {
      maxNetworkRetries: 1,
      timeout: 15_000,
      ...(endpoint ?? {}),
    })
    clients.set(secretKey, client)
  }
  return client
}

/** Idempotency keys are per Stripe account; two clinics may share one, so the tenant is part of the key. */
const idempotencyPrefix = () => `tenant-${currentTenantOrFail().tenant.id}`

/** Stripe's test keys start with sk_test_/rk_test_; live ones with sk_live_/rk_live_. */
export function keyMatchesMode(config: StripeConfig) {
  return config.testMode ? /_test_/.test(config.secretKey) : /_live_/.test(config.secretKey)
}

export const stripeDriver: PaymentDriver<StripeConfig> = {
  provider: 'stripe',
  title: 'Stripe',
  currencies: 'any',
  async checkout({ payment, items, returnUrl, lang }, config) {
    const currency = payment.currency.toLowerCase()
    const lines = items.length
      ? items.map((item) => ({ name: item.title || `#${payment.id}`, amount: item.total }))
      : [{ name: `#${payment.id}`, amount: payment.amount }]
    /* A partial payment pays less than its lines: one line with the amount. */
    const sum = lines.reduce((total, line) => total + line.amount, 0)
    const lineItems = (
      sum === payment.amount
        ? lines
        : [{ name: lines.map((l) => l.name).join(', '), amount: payment.amount }]
    ).map((line) => ({
      quantity: 1,
      price_data: {
        currency,
        unit_amount: line.amount,
        product_data: { name: line.name.slice(0, 250) },
      },
    }))
    const metadata = { payment_id: String(payment.id) }
    const session = await stripeClient(config.secretKey).checkout.sessions.create(
      {
        mode: 'payment',
        line_items: lineItems,
        client_reference_id: String(payment.id),
        metadata,
        payment_intent_data: { metadata },
        locale: lang === 'uz' ? 'auto' : lang,
        success_url: `${returnUrl}&result=success`,
        cancel_url: `${returnUrl}&result=cancel`,
      },
      { idempotencyKey: `${idempotencyPrefix()}-payment-${payment.id}-checkout` }
    )
    if (!session.url) throw new Error('Stripe returned a session without a URL')
    return { checkoutUrl: session.url, invoiceId: session.id }
  },
  async poll(payment, config): Promise<PolledStatus | null> {
    if (!payment.invoiceId) return null
    const session = await stripeClient(config.secretKey).checkout.sessions.retrieve(
      payment.invoiceId
    )
    if (session.payment_status === 'paid' || session.payment_status === 'no_payment_required') {
      return 'paid'
    }
    if (session.status === 'expired') return 'canceled'
    return 'pending'
  },
  async refund(payment, amount, config) {
    const intent = payment.meta.payment_intent
    if (typeof intent !== 'string') return null
    const refund = await stripeClient(config.secretKey).refunds.create(
      { payment_intent: intent, amount, metadata: { payment_id: String(payment.id) } },
      {
        idempotencyKey: `${idempotencyPrefix()}-payment-${payment.id}-refund-${payment.refundedAmount}-${amount}`,
      }
    )
    return { refundId: refund.id }
  },
}
