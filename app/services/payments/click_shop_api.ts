import { createHash, timingSafeEqual } from 'node:crypto'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import PaymentTransaction from '#models/payment_transaction'
import { clock } from '#services/clock'
import { tenantTransaction } from '#services/queue/queue_numbering'
import { providerConfig, type ClickConfig } from '#services/payments/provider_config'
import {
  announce,
  changeStatus,
  lockPayment,
  type StatusChange,
} from '#services/payments/payment_states'
import { logAttempt } from '#services/payments/webhook_log'

/** Click SHOP API error codes. */
export const CLICK_ERRORS = {
  success: 0,
  signFailed: -1,
  wrongAmount: -2,
  actionNotFound: -3,
  alreadyPaid: -4,
  orderNotFound: -5,
  transactionNotFound: -6,
  updateFailed: -7,
  badRequest: -8,
  canceled: -9,
} as const

const NOTES: Record<number, string> = {
  0: 'Success',
  [-1]: 'SIGN CHECK FAILED!',
  [-2]: 'Incorrect parameter amount',
  [-3]: 'Action not found',
  [-4]: 'Already paid',
  [-5]: 'User does not exist',
  [-6]: 'Transaction does not exist',
  [-7]: 'Failed to update user',
  [-8]: 'Error in request from click',
  [-9]: 'Transaction cancelled',
}

/** Our transaction's states for Click: prepared, completed, canceled. */
const PREPARED = 1
const COMPLETED = 2
const CANCELED = -1

const REQUIRED = [
  'click_trans_id',
  'service_id',
  'merchant_trans_id',
  'amount',
  'action',
  'sign_time',
  'sign_string',
]

type Fields = Record<string, string>
export type ClickAction = 'prepare' | 'complete'

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

/**
 * MD5 of click_trans_id + service_id + SECRET_KEY + merchant_trans_id
 * (+ merchant_prepare_id on Complete) + amount + action + sign_time.
 */
export function clickSign(fields: Fields, secretKey: string, action: ClickAction) {
  return md5(
    fields.click_trans_id +
      fields.service_id +
      secretKey +
      fields.merchant_trans_id +
      (action === 'complete' ? (fields.merchant_prepare_id ?? '') : '') +
      fields.amount +
      fields.action +
      fields.sign_time
  )
}

function signMatches(fields: Fields, config: ClickConfig, action: ClickAction) {
  const expected = Buffer.from(clickSign(fields, config.secretKey, action))
  const given = Buffer.from(String(fields.sign_string).toLowerCase())
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Click's decimal sums → minor units; NaN for anything else. */
function minorUnits(amount: string) {
  return /^\d+(\.\d{1,2})?$/.test(amount.trim()) ? Math.round(Number(amount) * 100) : Number.NaN
}

class ClickError extends Error {
  constructor(public clickCode: number) {
    super(NOTES[clickCode])
  }
}

interface Outcome {
  id: number
  change: StatusChange | null
  paymentId: number
  /** Click reported the payment failed; we canceled our side. */
  canceled?: boolean
  /** A new provider transaction was recorded (the payment may not change state). */
  recorded?: boolean
}

async function prepare(trx: TransactionClientContract, fields: Fields): Promise<Outcome> {
  const payment = await orderOf(trx, fields)
  const existing = await PaymentTransaction.query({ client: trx })
    .where('provider', 'click')
    .where('external_id', fields.click_trans_id)
    .first()
  if (existing && existing.paymentId !== payment.id)
    throw new ClickError(CLICK_ERRORS.transactionNotFound)
  if (payment.status === 'paid' || payment.status === 'refunded')
    throw new ClickError(CLICK_ERRORS.alreadyPaid)
  if (payment.status === 'canceled') throw new ClickError(CLICK_ERRORS.canceled)
  if (existing) {
    if (existing.state === CANCELED) throw new ClickError(CLICK_ERRORS.canceled)
    return { id: existing.id, change: null, paymentId: payment.id }
  }
  const tx = await PaymentTransaction.create(
    {
      paymentId: payment.id,
      provider: 'click',
      externalId: fields.click_trans_id,
      state: PREPARED,
      amount: payment.amount,
      providerTime: null,
      createTime: clock.now().toMillis(),
      performTime: 0,
      cancelTime: 0,
      reason: null,
    },
    { client: trx }
  )
  const change = await changeStatus(trx, payment, 'pending', { invoiceId: fields.click_trans_id })
  return { id: tx.id, change, paymentId: payment.id, recorded: true }
}

async function complete(trx: TransactionClientContract, fields: Fields): Promise<Outcome> {
  const payment = await orderOf(trx, fields)
  const prepareId = Number(fields.merchant_prepare_id)
  const tx = Number.isInteger(prepareId)
    ? await PaymentTransaction.query({ client: trx })
        .where('id', prepareId)
        .where('provider', 'click')
        .where('payment_id', payment.id)
        .where('external_id', fields.click_trans_id)
        .first()
    : null
  if (!tx) throw new ClickError(CLICK_ERRORS.transactionNotFound)
  if (tx.state === COMPLETED) throw new ClickError(CLICK_ERRORS.alreadyPaid)
  if (tx.state === CANCELED) throw new ClickError(CLICK_ERRORS.canceled)
  const now = clock.now().toMillis()
  /* Click reports its own failure (error < 0): the transaction is canceled. */
  if (Number(fields.error ?? 0) < 0) {
    tx.merge({ state: CANCELED, cancelTime: now, reason: Number(fields.error) })
    await tx.useTransaction(trx).save()
    const change = payment.status === 'paid' ? null : await changeStatus(trx, payment, 'failed')
    return { id: tx.id, change, paymentId: payment.id, canceled: true }
  }
  if (payment.status === 'paid' || payment.status === 'refunded')
    throw new ClickError(CLICK_ERRORS.alreadyPaid)
  if (payment.status === 'canceled') throw new ClickError(CLICK_ERRORS.canceled)
  tx.merge({ state: COMPLETED, performTime: now })
  await tx.useTransaction(trx).save()
  /* Click's own payment id: what its Merchant API reverses (a refund from the desk). */
  if (fields.click_paydoc_id)
    payment.meta = { ...payment.meta, click_paydoc_id: fields.click_paydoc_id }
  const change = await changeStatus(trx, payment, 'paid')
  return { id: tx.id, change, paymentId: payment.id }
}

async function orderOf(trx: TransactionClientContract, fields: Fields) {
  const id = /^\d{1,10}$/.test(fields.merchant_trans_id) ? Number(fields.merchant_trans_id) : null
  const payment = id ? await lockPayment(trx, id) : null
  if (!payment || payment.provider !== 'click') throw new ClickError(CLICK_ERRORS.orderNotFound)
  if (minorUnits(fields.amount) !== payment.amount || payment.currency !== 'UZS') {
    throw new ClickError(CLICK_ERRORS.wrongAmount)
  }
  return payment
}

/**
 * Click SHOP API Prepare (action 0) and Complete (action 1): form fields
 * signed with MD5 `sign_string`; the answer is always JSON with `error` and
 * `error_note`. Each call holds the payment's lock, so repeats change
 * nothing twice (a repeated Complete answers -4 "Already paid").
 */
export async function handleClickCall(
  action: ClickAction,
  body: Record<string, unknown>,
  raw: string,
  ip: string | null
) {
  const fields: Fields = Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      value === null || value === undefined ? '' : String(value),
    ])
  )
  const idField = action === 'prepare' ? 'merchant_prepare_id' : 'merchant_confirm_id'
  let paymentId: number | null = null
  const answer = async (
    code: number,
    id: number | null,
    outcome: 'accepted' | 'duplicate' | 'rejected'
  ) => {
    const response = {
      click_trans_id: fields.click_trans_id ? Number(fields.click_trans_id) : null,
      merchant_trans_id: fields.merchant_trans_id ?? null,
      [idField]: id,
      error: code,
      error_note: NOTES[code],
    }
    await logAttempt({
      provider: 'click',
      action,
      externalId: fields.click_trans_id || null,
      paymentId,
      outcome,
      errorCode: code === 0 ? null : code,
      request: raw,
      response,
      ip,
    })
    return response
  }

  if (
    REQUIRED.some((key) => !fields[key]) ||
    (action === 'complete' && !fields.merchant_prepare_id)
  ) {
    return answer(CLICK_ERRORS.badRequest, null, 'rejected')
  }
  const config = await providerConfig('click')
  if (!config || fields.service_id !== config.serviceId || !signMatches(fields, config, action)) {
    return answer(CLICK_ERRORS.signFailed, null, 'rejected')
  }
  if (fields.action !== (action === 'prepare' ? '0' : '1')) {
    return answer(CLICK_ERRORS.actionNotFound, null, 'rejected')
  }
  try {
    const outcome = await tenantTransaction((trx) =>
      action === 'prepare' ? prepare(trx, fields) : complete(trx, fields)
    )
    paymentId = outcome.paymentId
    await announce(outcome.change, { source: 'webhook:click', details: { action } })
    if (outcome.canceled) return answer(CLICK_ERRORS.canceled, outcome.id, 'accepted')
    return answer(
      CLICK_ERRORS.success,
      outcome.id,
      outcome.change || outcome.recorded ? 'accepted' : 'duplicate'
    )
  } catch (error) {
    if (error instanceof ClickError) return answer(error.clickCode, null, 'rejected')
    throw error
  }
}
