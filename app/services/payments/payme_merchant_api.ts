import { timingSafeEqual } from 'node:crypto'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import PaymentTransaction, { PAYME_STATE } from '#models/payment_transaction'
import { AppException } from '#exceptions/app_exception'
import { clock } from '#services/clock'
import settingsService from '#services/settings/settings_service'
import { tenantTransaction } from '#services/queue/queue_numbering'
import { providerConfig, type PaymeConfig } from '#services/payments/provider_config'
import {
  announce,
  changeStatus,
  lockPayment,
  type StatusChange,
} from '#services/payments/payment_states'
import { allLanguages } from '#services/payments/payment_texts'
import { logAttempt } from '#services/payments/webhook_log'

/** Payme cancels an unperformed transaction after 12 hours (reason 4). */
export const PAYME_TIMEOUT_MS = 12 * 60 * 60 * 1000
const REASON_TIMEOUT = 4

/** Payme Merchant API error codes we answer with. */
export const PAYME_ERRORS = {
  wrongAmount: -31001,
  transactionNotFound: -31003,
  cannotCancel: -31007,
  cannotPerform: -31008,
  orderNotFound: -31050,
  orderNotPayable: -31051,
  orderBusy: -31099,
  notPost: -32300,
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  insufficientPrivileges: -32504,
  system: -32400,
} as const

class RpcError extends Error {
  constructor(
    public rpcCode: number,
    public key: string,
    public data?: string
  ) {
    super(key)
  }
}

type Params = Record<string, any>
interface Outcome {
  result?: Record<string, unknown>
  /** An error answered after the transaction committed (a timed-out transaction is canceled first). */
  error?: RpcError
  change?: StatusChange | null
  /** A new provider transaction was recorded (the payment may not change state). */
  recorded?: boolean
  paymentId?: number | null
}

const now = () => clock.now().toMillis()
const isObject = (value: unknown): value is Params =>
  !!value && typeof value === 'object' && !Array.isArray(value)
const isId = (value: unknown) =>
  (typeof value === 'string' && /^\d{1,10}$/.test(value)) ||
  (typeof value === 'number' && Number.isInteger(value) && value > 0)

function checkAuth(header: string | undefined, config: PaymeConfig | null) {
  if (!config || !header?.startsWith('Basic ')) return false
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const expected = Buffer.from(`Paycom:${config.key}`)
  const given = Buffer.from(decoded)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function requireString(params: Params, key: string) {
  if (typeof params[key] !== 'string' || !params[key]) {
    throw new RpcError(PAYME_ERRORS.invalidRequest, 'invalid_request', key)
  }
  return params[key] as string
}

function requireNumber(params: Params, key: string, code: number = PAYME_ERRORS.invalidRequest) {
  const value = params[key]
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RpcError(
      code,
      code === PAYME_ERRORS.wrongAmount ? 'wrong_amount' : 'invalid_request',
      key
    )
  }
  return value
}

/** The order (our payment) behind `account.payment_id`, locked and checked for payment. */
async function payableOrder(trx: TransactionClientContract, params: Params) {
  const paymentId = params.account?.payment_id
  if (!isId(paymentId))
    throw new RpcError(PAYME_ERRORS.orderNotFound, 'order_not_found', 'payment_id')
  const payment = await lockPayment(trx, Number(paymentId))
  if (!payment || payment.provider !== 'payme') {
    throw new RpcError(PAYME_ERRORS.orderNotFound, 'order_not_found', 'payment_id')
  }
  const amount = requireNumber(params, 'amount', PAYME_ERRORS.wrongAmount)
  if (amount !== payment.amount || payment.currency !== 'UZS') {
    throw new RpcError(PAYME_ERRORS.wrongAmount, 'wrong_amount', 'amount')
  }
  if (!['created', 'pending', 'failed'].includes(payment.status)) {
    throw new RpcError(PAYME_ERRORS.orderNotPayable, 'order_not_payable', 'payment_id')
  }
  return payment
}

function transactionResult(tx: PaymentTransaction) {
  return {
    create_time: tx.createTime,
    perform_time: tx.performTime,
    cancel_time: tx.cancelTime,
    transaction: String(tx.id),
    state: tx.state,
    reason: tx.reason,
  }
}

/** The transaction Payme names, with its payment locked first (the lock order of every payment change). */
async function lockedTransaction(trx: TransactionClientContract, params: Params) {
  const id = requireString(params, 'id')
  const found = await PaymentTransaction.query({ client: trx })
    .where('provider', 'payme')
    .where('external_id', id)
    .first()
  if (!found) throw new RpcError(PAYME_ERRORS.transactionNotFound, 'transaction_not_found')
  const payment = (await lockPayment(trx, found.paymentId))!
  const tx = await PaymentTransaction.query({ client: trx }).where('id', found.id).firstOrFail()
  return { tx, payment }
}

async function cancelForTimeout(
  trx: TransactionClientContract,
  tx: PaymentTransaction,
  payment: Payment
) {
  tx.merge({ state: PAYME_STATE.canceled, cancelTime: now(), reason: REASON_TIMEOUT })
  await tx.useTransaction(trx).save()
  return changeStatus(trx, payment, 'canceled')
}

const expired = (tx: PaymentTransaction) => now() - tx.createTime > PAYME_TIMEOUT_MS

const METHODS: Record<
  string,
  (trx: TransactionClientContract, params: Params) => Promise<Outcome>
> = {
  async CheckPerformTransaction(trx, params) {
    const payment = await payableOrder(trx, params)
    return { result: { allow: true }, paymentId: payment.id }
  },

  async CreateTransaction(trx, params) {
    const id = requireString(params, 'id')
    const time = requireNumber(params, 'time')
    const existing = await PaymentTransaction.query({ client: trx })
      .where('provider', 'payme')
      .where('external_id', id)
      .first()
    if (existing) {
      const payment = (await lockPayment(trx, existing.paymentId))!
      const tx = await PaymentTransaction.query({ client: trx })
        .where('id', existing.id)
        .firstOrFail()
      if (tx.state !== PAYME_STATE.created) {
        throw new RpcError(PAYME_ERRORS.cannotPerform, 'cannot_perform')
      }
      if (expired(tx)) {
        const change = await cancelForTimeout(trx, tx, payment)
        return {
          error: new RpcError(PAYME_ERRORS.cannotPerform, 'cannot_perform'),
          change,
          paymentId: payment.id,
        }
      }
      return {
        result: { create_time: tx.createTime, transaction: String(tx.id), state: tx.state },
        paymentId: payment.id,
      }
    }
    const payment = await payableOrder(trx, params)
    if (now() - time > PAYME_TIMEOUT_MS) {
      throw new RpcError(PAYME_ERRORS.cannotPerform, 'cannot_perform')
    }
    const active = await PaymentTransaction.query({ client: trx })
      .where('payment_id', payment.id)
      .where('state', PAYME_STATE.created)
      .first()
    if (active) throw new RpcError(PAYME_ERRORS.orderBusy, 'order_busy', 'payment_id')
    const tx = await PaymentTransaction.create(
      {
        paymentId: payment.id,
        provider: 'payme',
        externalId: id,
        state: PAYME_STATE.created,
        amount: payment.amount,
        providerTime: time,
        createTime: now(),
        performTime: 0,
        cancelTime: 0,
        reason: null,
      },
      { client: trx }
    )
    const change = await changeStatus(trx, payment, 'pending', { invoiceId: id })
    return {
      result: { create_time: tx.createTime, transaction: String(tx.id), state: tx.state },
      change,
      recorded: true,
      paymentId: payment.id,
    }
  },

  async PerformTransaction(trx, params) {
    const { tx, payment } = await lockedTransaction(trx, params)
    if (tx.state === PAYME_STATE.performed) {
      return {
        result: { transaction: String(tx.id), perform_time: tx.performTime, state: tx.state },
        paymentId: payment.id,
      }
    }
    if (tx.state !== PAYME_STATE.created)
      throw new RpcError(PAYME_ERRORS.cannotPerform, 'cannot_perform')
    if (expired(tx)) {
      const change = await cancelForTimeout(trx, tx, payment)
      return {
        error: new RpcError(PAYME_ERRORS.cannotPerform, 'cannot_perform'),
        change,
        paymentId: payment.id,
      }
    }
    if (!['created', 'pending', 'failed'].includes(payment.status)) {
      throw new RpcError(PAYME_ERRORS.cannotPerform, 'cannot_perform')
    }
    tx.merge({ state: PAYME_STATE.performed, performTime: now() })
    await tx.useTransaction(trx).save()
    const change = await changeStatus(trx, payment, 'paid')
    return {
      result: { transaction: String(tx.id), perform_time: tx.performTime, state: tx.state },
      change,
      paymentId: payment.id,
    }
  },

  async CancelTransaction(trx, params) {
    const { tx, payment } = await lockedTransaction(trx, params)
    const reason = typeof params.reason === 'number' ? params.reason : null
    let change: StatusChange | null = null
    if (tx.state === PAYME_STATE.created) {
      tx.merge({ state: PAYME_STATE.canceled, cancelTime: now(), reason })
      await tx.useTransaction(trx).save()
      change = await changeStatus(trx, payment, 'canceled')
    } else if (tx.state === PAYME_STATE.performed) {
      if (payment.status !== 'paid') throw new RpcError(PAYME_ERRORS.cannotCancel, 'cannot_cancel')
      tx.merge({ state: PAYME_STATE.canceledAfterPerform, cancelTime: now(), reason })
      await tx.useTransaction(trx).save()
      await PaymentRefund.create(
        {
          createdAt: clock.now(),
          paymentId: payment.id,
          amount: payment.amount - payment.refundedAmount,
          currency: payment.currency,
          source: 'provider',
          providerRefundId: tx.externalId,
          reason: reason === null ? null : `payme:${reason}`,
          createdBy: null,
        },
        { client: trx }
      )
      change = await changeStatus(trx, payment, 'refunded', { refundedAmount: payment.amount })
    }
    return {
      result: { transaction: String(tx.id), cancel_time: tx.cancelTime, state: tx.state },
      change,
      paymentId: payment.id,
    }
  },

  async CheckTransaction(trx, params) {
    const { tx, payment } = await lockedTransaction(trx, params)
    return { result: transactionResult(tx), paymentId: payment.id }
  },

  async GetStatement(trx, params) {
    const from = requireNumber(params, 'from')
    const to = requireNumber(params, 'to')
    const rows = await PaymentTransaction.query({ client: trx })
      .where('provider', 'payme')
      .whereBetween('provider_time', [from, to])
      .orderBy('provider_time')
    return {
      result: {
        transactions: rows.map((tx) => ({
          id: tx.externalId,
          time: tx.providerTime,
          amount: tx.amount,
          account: { payment_id: String(tx.paymentId) },
          ...transactionResult(tx),
          receivers: null,
        })),
      },
    }
  },
}

export interface PaymeCall {
  rawBody: string
  authorization: string | undefined
  method: string
  ip: string | null
}

/**
 * Payme Merchant API (JSON-RPC 2.0 over HTTPS, Basic auth `Paycom:<key>`).
 * Always answers HTTP 200 with `result` or `error {code, message {ru, uz, en},
 * data}`, as Payme expects. Each call runs in one transaction holding the
 * payment's lock, so a repeated or concurrent call changes state once.
 */
export async function handlePaymeCall(call: PaymeCall) {
  let id: unknown = null
  let rpcMethod: string | null = null
  let paymentId: number | null = null
  let externalId: string | null = null
  const respond = async (
    body: Record<string, unknown>,
    outcome: 'accepted' | 'duplicate' | 'rejected',
    errorCode?: number
  ) => {
    await logAttempt({
      provider: 'payme',
      action: rpcMethod,
      externalId,
      paymentId,
      outcome,
      errorCode,
      request: call.rawBody,
      response: body,
      ip: call.ip,
    })
    return body
  }
  const fail = (error: RpcError) =>
    respond(
      {
        jsonrpc: '2.0',
        id,
        error: {
          code: error.rpcCode,
          message: allLanguages(`payme.errors.${error.key}`),
          ...(error.data ? { data: error.data } : {}),
        },
      },
      'rejected',
      error.rpcCode
    )

  let request: unknown = null
  try {
    request = JSON.parse(call.rawBody)
  } catch {
    /* answered below */
  }
  /* Not JSON, or JSON that is no JSON-RPC request object (an array, a number, null …). */
  if (!isObject(request)) return fail(new RpcError(PAYME_ERRORS.parse, 'parse_error'))
  id = request.id ?? null
  if (call.method !== 'POST') return fail(new RpcError(PAYME_ERRORS.notPost, 'not_post'))
  const config = await providerConfig('payme')
  if (!checkAuth(call.authorization, config)) {
    return fail(new RpcError(PAYME_ERRORS.insufficientPrivileges, 'insufficient_privileges'))
  }
  if (typeof request.method !== 'string') {
    return fail(new RpcError(PAYME_ERRORS.invalidRequest, 'invalid_request'))
  }
  rpcMethod = request.method
  if (request.params !== undefined && !isObject(request.params)) {
    return fail(new RpcError(PAYME_ERRORS.invalidRequest, 'invalid_request', 'params'))
  }
  const params: Params = request.params ?? {}
  externalId = typeof params.id === 'string' ? params.id : null

  if (rpcMethod === 'ChangePassword') {
    if (typeof params.password !== 'string' || params.password.length < 8) {
      return fail(new RpcError(PAYME_ERRORS.invalidRequest, 'invalid_request', 'password'))
    }
    await settingsService.update({ 'payments.payme.key': params.password }, undefined)
    return respond({ jsonrpc: '2.0', id, result: { success: true } }, 'accepted')
  }
  const handler = Object.hasOwn(METHODS, rpcMethod!) ? METHODS[rpcMethod!] : null
  if (!handler)
    return fail(new RpcError(PAYME_ERRORS.methodNotFound, 'method_not_found', rpcMethod!))

  try {
    const outcome = await tenantTransaction((trx) => handler(trx, params))
    paymentId = outcome.paymentId ?? null
    await announce(outcome.change ?? null, {
      source: 'webhook:payme',
      details: { method: rpcMethod },
    })
    if (outcome.error) return fail(outcome.error)
    const mutating = !rpcMethod!.startsWith('Check') && rpcMethod !== 'GetStatement'
    return respond(
      { jsonrpc: '2.0', id, result: outcome.result },
      mutating && !outcome.change && !outcome.recorded ? 'duplicate' : 'accepted'
    )
  } catch (error) {
    if (error instanceof RpcError) return fail(error)
    if (error instanceof AppException)
      return fail(new RpcError(PAYME_ERRORS.cannotPerform, 'cannot_perform'))
    throw error
  }
}
