import logger from '@adonisjs/core/services/logger'
import PaymentWebhookAttempt, { type WebhookOutcome } from '#models/payment_webhook_attempt'

const LIMIT = 8000

export interface AttemptRecord {
  provider: string
  action?: string | null
  externalId?: string | null
  paymentId?: number | null
  outcome: WebhookOutcome
  errorCode?: string | number | null
  request: string
  response?: unknown
  ip?: string | null
}

/** Every provider notification is logged, whatever we answered (PAY-R3). */
export async function logAttempt(record: AttemptRecord) {
  try {
    await PaymentWebhookAttempt.create({
      provider: record.provider,
      action: record.action?.slice(0, 80) ?? null,
      externalId: record.externalId ? String(record.externalId).slice(0, 120) : null,
      paymentId: record.paymentId ?? null,
      outcome: record.outcome,
      errorCode:
        record.errorCode === undefined || record.errorCode === null
          ? null
          : String(record.errorCode),
      request: record.request.slice(0, LIMIT),
      response:
        record.response === undefined ? null : JSON.stringify(record.response).slice(0, LIMIT),
      ip: record.ip ?? null,
    })
  } catch (error) {
    logger.error({ err: error, provider: record.provider }, 'could not log a payment webhook')
  }
}
