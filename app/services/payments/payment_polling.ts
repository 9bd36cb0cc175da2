import type { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import Payment, { type OnlineProvider } from '#models/payment'
import { AppException } from '#exceptions/app_exception'
import { clock } from '#services/clock'
import { audit } from '#services/audit_service'
import { providerConfig } from '#services/payments/provider_config'
import { driverOf } from '#services/payments/providers/drivers'
import { movePayment } from '#services/payments/payment_states'

/** PAY-R9: every 30 s for 10 minutes, then the payment is flagged for a manual check. */
export const POLL_EVERY_SECONDS = 30
export const POLL_ATTEMPTS = 20
const BATCH = 50
const sqlTime = (at: DateTime) => at.toUTC().toFormat('yyyy-MM-dd HH:mm:ss')

/**
 * Asks the providers about pending online payments whose webhook did not
 * come. Stripe is asked through its API (the Checkout Session); Payme and
 * Click only push, so theirs are flagged for review once the window ends.
 */
export async function pollPendingPayments() {
  const due = await Payment.query()
    .where('status', 'pending')
    .where('method', 'online')
    .where('needs_review', false)
    .whereNotNull('next_poll_at')
    .where('next_poll_at', '<=', sqlTime(clock.now()))
    .orderBy('next_poll_at')
    .limit(BATCH)
  let resolved = 0
  for (const payment of due) {
    if (await pollOne(payment)) resolved++
  }
  return { checked: due.length, resolved }
}

async function pollOne(payment: Payment) {
  const provider = payment.provider as OnlineProvider
  let status = null
  try {
    const config = await providerConfig(provider)
    status = config ? await driverOf(provider).poll(payment, config) : null
  } catch (error) {
    logger.warn({ err: error, payment: payment.id }, 'payment status poll failed')
  }
  if (status && status !== 'pending') {
    try {
      await movePayment(payment.id, status, { source: 'poll', details: { provider } })
      return true
    } catch (error) {
      if (!(error instanceof AppException)) throw error
    }
  }
  const attempts = payment.pollAttempts + 1
  const giveUp = attempts >= POLL_ATTEMPTS
  await Payment.query()
    .where('id', payment.id)
    .where('status', 'pending')
    .update({
      poll_attempts: attempts,
      needs_review: giveUp,
      next_poll_at: giveUp ? null : sqlTime(clock.now().plus({ seconds: POLL_EVERY_SECONDS })),
    })
  if (giveUp) {
    await audit({
      event: 'payment.needs_review',
      entityType: 'payment',
      entityId: payment.id,
      after: { provider, attempts },
    })
  }
  return false
}
