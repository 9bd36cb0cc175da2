import Stripe from 'stripe'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { PaymentState } from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import { clock } from '#services/clock'
import PaymentWebhookAttempt from '#models/payment_webhook_attempt'
import { AppException } from '#exceptions/app_exception'
import { tenantTransaction } from '#services/queue/queue_numbering'
import { providerConfig } from '#services/payments/provider_config'
import {
  announce,
  canMove,
  changeStatus,
  lockPayment,
  type StatusChange,
} from '#services/payments/payment_states'
import { logAttempt } from '#services/payments/webhook_log'

/** Signatures older than this are refused (Stripe's default tolerance). */
export const STRIPE_TOLERANCE_SECONDS = 300

const verifier = Stripe.webhooks

export interface StripeDelivery {
  rawBody: string
  signature: string | undefined
  ip: string | null
}

/** What an event asks of a payment. */
interface Intent {
  paymentId: number
  to: PaymentState
  amount?: number
  currency?: string
  sessionId?: string
  paymentIntent?: string | null
  refundedTotal?: number
  refundRef?: string
}

type Answer = { status: number; body: Record<string, unknown> }

function intentOf(event: Stripe.Event): Intent | null {
  const object = event.data.object as unknown as Record<string, any>
  const paymentId = Number(object.metadata?.payment_id ?? object.client_reference_id)
  if (!Number.isInteger(paymentId) || paymentId <= 0) return null
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return {
        paymentId,
        to: object.payment_status === 'unpaid' ? 'pending' : 'paid',
        amount: object.amount_total,
        currency: object.currency,
        sessionId: object.id,
        paymentIntent: typeof object.payment_intent === 'string' ? object.payment_intent : null,
      }
    case 'checkout.session.async_payment_failed':
      return { paymentId, to: 'failed', sessionId: object.id }
    case 'checkout.session.expired':
      return { paymentId, to: 'canceled', sessionId: object.id }
    case 'payment_intent.payment_failed':
      return { paymentId, to: 'failed' }
    case 'charge.refunded':
      return {
        paymentId,
        to: 'refunded',
        currency: object.currency,
        refundedTotal: object.amount_refunded,
        refundRef: `${object.id}:${object.amount_refunded}`,
      }
    default:
      return null
  }
}

/** The parts of an event this handler reads, with the types it reads them as. */
function isWellFormed(event: unknown): event is Stripe.Event {
  const value = event as Record<string, any> | null
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    typeof value.type === 'string' &&
    value.type.length > 0 &&
    !!value.data &&
    typeof value.data === 'object' &&
    !!value.data.object &&
    typeof value.data.object === 'object'
  )
}

class Rejection extends Error {
  constructor(
    public status: number,
    public code: string
  ) {
    super(code)
  }
}

async function apply(trx: TransactionClientContract, intent: Intent): Promise<StatusChange | null> {
  const payment = await lockPayment(trx, intent.paymentId)
  if (!payment || payment.provider !== 'stripe') throw new Rejection(404, 'PAYMENT_NOT_FOUND')
  /* Amounts are whole minor units and the currency a code, whatever a signed body claims. */
  const wholeAmount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0
  if (
    (intent.amount !== undefined && !wholeAmount(intent.amount)) ||
    (intent.refundedTotal !== undefined && !wholeAmount(intent.refundedTotal)) ||
    (intent.currency !== undefined &&
      intent.currency !== null &&
      typeof intent.currency !== 'string')
  ) {
    throw new Rejection(400, 'PAYMENT_AMOUNT_MISMATCH')
  }
  if (intent.sessionId && payment.invoiceId && intent.sessionId !== payment.invoiceId) {
    throw new Rejection(400, 'PAYMENT_REFERENCE_MISMATCH')
  }
  if (intent.currency && intent.currency.toUpperCase() !== payment.currency) {
    throw new Rejection(400, 'PAYMENT_AMOUNT_MISMATCH')
  }
  if (intent.amount !== undefined && intent.amount !== payment.amount) {
    throw new Rejection(400, 'PAYMENT_AMOUNT_MISMATCH')
  }
  if (intent.paymentIntent && payment.meta.payment_intent !== intent.paymentIntent) {
    payment.meta = { ...payment.meta, payment_intent: intent.paymentIntent }
  }

  if (intent.refundedTotal !== undefined) {
    /* Refunds are cumulative on the charge; a refund of ours already counted changes nothing. */
    if (payment.status !== 'paid' && payment.status !== 'refunded') {
      throw new Rejection(409, 'PAYMENT_NOT_PAID_YET')
    }
    if (intent.refundedTotal > payment.amount) throw new Rejection(400, 'PAYMENT_AMOUNT_MISMATCH')
    if (intent.refundedTotal <= payment.refundedAmount) return null
    await PaymentRefund.create(
      {
        createdAt: clock.now(),
        paymentId: payment.id,
        amount: intent.refundedTotal - payment.refundedAmount,
        currency: payment.currency,
        source: 'provider',
        providerRefundId: intent.refundRef ?? null,
        reason: null,
        createdBy: null,
      },
      { client: trx }
    )
    const to = intent.refundedTotal >= payment.amount ? 'refunded' : 'paid'
    return changeStatus(trx, payment, to, { refundedAmount: intent.refundedTotal })
  }

  if (payment.status === intent.to || !canMove(payment.status, intent.to)) {
    /* Out of order or already there: a late "failed" never undoes "paid". */
    if (payment.$isDirty) await payment.useTransaction(trx).save()
    return null
  }
  return changeStatus(trx, payment, intent.to)
}

/**
 * POST /api/payments/stripe/webhook: the `Stripe-Signature` header verified
 * with the tenant's webhook secret and a 5-minute tolerance (replays of old
 * deliveries fail), then the event applied once: an event id already
 * accepted answers 200 without touching anything, and every move goes
 * through the payment's lock and its allowed transitions.
 */
export async function handleStripeDelivery(delivery: StripeDelivery): Promise<Answer> {
  let event: Stripe.Event | null = null
  let paymentId: number | null = null
  const answer = async (
    status: number,
    body: Record<string, unknown>,
    outcome: 'accepted' | 'duplicate' | 'rejected',
    errorCode?: string
  ) => {
    await logAttempt({
      provider: 'stripe',
      action: event?.type ?? null,
      externalId: event?.id ?? null,
      paymentId,
      outcome,
      errorCode,
      request: delivery.rawBody,
      response: body,
      ip: delivery.ip,
    })
    return { status, body }
  }
  const refuse = (status: number, code: string) =>
    answer(status, { error: { code } }, 'rejected', code)

  const config = await providerConfig('stripe')
  if (!config) return refuse(404, 'PAYMENT_PROVIDER_DISABLED')
  if (!delivery.signature) return refuse(400, 'WEBHOOK_SIGNATURE_INVALID')
  try {
    event = verifier.constructEvent(
      delivery.rawBody,
      delivery.signature,
      config.webhookSecret,
      STRIPE_TOLERANCE_SECONDS
    )
  } catch {
    return refuse(400, 'WEBHOOK_SIGNATURE_INVALID')
  }
  /*
   * A signed body is still only what the sender wrote: an event without a
   * string id and type, or without a data object, is refused (logged with
   * whichever of id and type are strings) instead of failing further on.
   */
  if (!isWellFormed(event)) {
    const sent = event as unknown as Record<string, unknown> | null
    return logAttempt({
      provider: 'stripe',
      action: typeof sent?.type === 'string' ? sent.type : null,
      externalId: typeof sent?.id === 'string' ? sent.id : null,
      paymentId: null,
      outcome: 'rejected',
      errorCode: 'WEBHOOK_EVENT_INVALID',
      request: delivery.rawBody,
      response: { error: { code: 'WEBHOOK_EVENT_INVALID' } },
      ip: delivery.ip,
    }).then(() => ({ status: 400, body: { error: { code: 'WEBHOOK_EVENT_INVALID' } } }))
  }

  const seen = await PaymentWebhookAttempt.query()
    .where('provider', 'stripe')
    .where('external_id', event.id)
    .whereIn('outcome', ['accepted', 'duplicate'])
    .first()
  if (seen) {
    paymentId = seen.paymentId
    return answer(200, { received: true, duplicate: true }, 'duplicate')
  }
  const intent = intentOf(event)
  if (!intent) return answer(200, { received: true, ignored: true }, 'accepted')
  paymentId = intent.paymentId
  try {
    const change = await tenantTransaction((trx) => apply(trx, intent))
    await announce(change, { source: 'webhook:stripe', details: { event: event.type } })
    return answer(200, { received: true }, change ? 'accepted' : 'duplicate')
  } catch (error) {
    if (error instanceof Rejection) return refuse(error.status, error.code)
    if (error instanceof AppException) return refuse(409, String(error.code))
    throw error
  }
}
