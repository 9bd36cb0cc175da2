import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import Payment, { type OnlineProvider } from '#models/payment'
import PaymentItem from '#models/payment_item'
import PaymentRefund from '#models/payment_refund'
import type Visit from '#models/visit'
import { AppException } from '#exceptions/app_exception'
import { clock } from '#services/clock'
import { audit } from '#services/audit_service'
import settingsService from '#services/settings/settings_service'
import { tenantTransaction } from '#services/queue/queue_numbering'
import { providerConfig, providerConfigOrFail } from '#services/payments/provider_config'
import { driverOf } from '#services/payments/providers/drivers'
import {
  announce,
  changeStatus,
  lockPayment,
  publishVisitPayment,
  recomputeVisit,
} from '#services/payments/payment_states'
import {
  amountToTake,
  billLines,
  linesFor,
  lockPayableVisit,
  visitBalance,
  type BillLine,
} from '#services/payments/visit_billing'
import { keyMatchesMode } from '#services/payments/providers/stripe_driver'
import { returnUrl } from '#services/payments/payment_return'
import { assertBranch, ownBranch } from '#services/branch_scope'

/** First poll of a pending online payment (PAY-R9). */
export const FIRST_POLL_SECONDS = 30

export interface DeskPaymentInput {
  visit_id: number
  amount?: number
  method?: 'cash' | 'card'
  service_ids?: number[]
}

export interface InitPaymentInput {
  provider: OnlineProvider
  amount?: number
  currency?: string
  visit_id?: number
  service_ids?: number[]
}

const actorOf = (ctx?: HttpContext) => ctx?.auth?.user?.id ?? null

async function saveLines(trx: TransactionClientContract, payment: Payment, lines: BillLine[]) {
  for (const line of lines) {
    await PaymentItem.create({ paymentId: payment.id, ...line }, { client: trx })
  }
}

class PaymentService {
  /**
   * PAY-R1: cash (or the card terminal) at the desk, paid at once. The visit's
   * lock makes two cashiers unable to take the same money twice.
   */
  async takeAtDesk(input: DeskPaymentInput, ctx?: HttpContext) {
    const change = await tenantTransaction(async (trx) => {
      const visit = await lockPayableVisit(trx, input.visit_id)
      assertBranch(ctx, visit.branchId)
      const { due } = await visitBalance(trx, visit)
      const lines = await billLines(trx, visit, input.service_ids)
      const amount = amountToTake(input.amount, lines, due)
      if (amount > due) {
        throw new AppException('PAYMENT_EXCEEDS_DUE', 409, { due, currency: visit.currency })
      }
      const method = input.method ?? 'cash'
      const payment = await Payment.create(
        {
          visitId: visit.id,
          patientId: visit.patientId,
          branchId: visit.branchId,
          provider: method,
          method,
          amount,
          refundedAmount: 0,
          currency: visit.currency,
          status: 'created',
          meta: {},
          pollAttempts: 0,
          needsReview: false,
          createdBy: actorOf(ctx),
        },
        { client: trx }
      )
      await saveLines(trx, payment, linesFor(amount, lines))
      return changeStatus(trx, payment, 'paid')
    })
    await announce(change, { ctx, source: 'desk' })
    return change!.payment
  }

  /**
   * PAY-R2: an online payment → the provider's checkout URL and the QR the
   * patient scans. A disabled provider is refused (PAY-T6).
   */
  async init(input: InitPaymentInput, origin: string, ctx?: HttpContext) {
    const config = await providerConfigOrFail(input.provider)
    const driver = driverOf(input.provider)
    if (input.provider === 'stripe' && !keyMatchesMode(config as any)) {
      throw new AppException('PAYMENT_PROVIDER_DISABLED', 409, { provider: input.provider })
    }
    const defaultCurrency = await settingsService.get<string>('currency')

    const { payment, lines } = await tenantTransaction(async (trx) => {
      let visit: Visit | null = null
      let chosen: BillLine[] = []
      let amount = input.amount
      if (input.visit_id) {
        visit = await lockPayableVisit(trx, input.visit_id)
        assertBranch(ctx, visit.branchId)
        const { due } = await visitBalance(trx, visit)
        chosen = await billLines(trx, visit, input.service_ids)
        amount = amountToTake(input.amount, chosen, due)
        if (amount > due) {
          throw new AppException('PAYMENT_EXCEEDS_DUE', 409, { due, currency: visit.currency })
        }
      }
      if (!amount || amount <= 0) throw new AppException('NOTHING_TO_PAY', 409)
      const currency = (visit?.currency ?? input.currency ?? defaultCurrency).toUpperCase()
      if (driver.currencies !== 'any' && !driver.currencies.includes(currency)) {
        throw new AppException('PAYMENT_CURRENCY_UNSUPPORTED', 409, {
          provider: input.provider,
          currency,
        })
      }
      const created = await Payment.create(
        {
          visitId: visit?.id ?? null,
          patientId: visit?.patientId ?? null,
          /* Without a visit: the branch of the user who started it (its desk hears it). */
          branchId: visit?.branchId ?? ownBranch(ctx),
          provider: input.provider,
          method: 'online',
          amount,
          refundedAmount: 0,
          currency,
          status: 'created',
          meta: {},
          pollAttempts: 0,
          needsReview: false,
          createdBy: actorOf(ctx),
        },
        { client: trx }
      )
      const billed = linesFor(amount, chosen)
      await saveLines(trx, created, billed)
      return { payment: created, lines: billed }
    })

    let checkout
    try {
      const items = await PaymentItem.query().where('payment_id', payment.id)
      checkout = await driver.checkout(
        {
          payment,
          items,
          returnUrl: returnUrl(origin, payment.id),
          lang: (ctx?.i18n.locale as 'ru' | 'uz' | 'en') ?? 'ru',
        },
        config
      )
    } catch (error) {
      logger.warn({ err: error, payment: payment.id }, 'payment provider refused the checkout')
      await tenantTransaction(async (trx) => {
        const locked = (await lockPayment(trx, payment.id))!
        return changeStatus(trx, locked, 'failed')
      }).then((change) => announce(change, { ctx, source: 'init', details: { error: 'provider' } }))
      throw new AppException('PAYMENT_PROVIDER_ERROR', 502, { provider: input.provider })
    }

    const change = await tenantTransaction(async (trx) => {
      const locked = (await lockPayment(trx, payment.id))!
      locked.merge({
        checkoutUrl: checkout.checkoutUrl,
        invoiceId: checkout.invoiceId ?? null,
        nextPollAt: clock.now().plus({ seconds: FIRST_POLL_SECONDS }),
      })
      return changeStatus(trx, locked, 'pending')
    })
    await announce(change, { ctx, source: 'init', details: { lines: lines.length } })
    return change!.payment
  }

  /** PAY-R5: links a payment made without a visit (or re-links it to the same one). */
  async attachVisit(paymentId: number, visitId: number, ctx?: HttpContext) {
    const result = await tenantTransaction(async (trx) => {
      const payment = await lockPayment(trx, paymentId)
      if (!payment) throw new AppException('PAYMENT_NOT_FOUND', 404)
      assertBranch(ctx, payment.branchId)
      if (payment.visitId === visitId) return { payment, visit: null, before: visitId }
      if (payment.visitId !== null) {
        throw new AppException('PAYMENT_ATTACHED', 409, { visit_id: payment.visitId })
      }
      const visit = await lockPayableVisit(trx, visitId)
      assertBranch(ctx, visit.branchId)
      if (visit.currency !== payment.currency) {
        throw new AppException('PAYMENT_CURRENCY_UNSUPPORTED', 409, {
          provider: payment.provider,
          currency: payment.currency,
        })
      }
      payment.merge({ visitId: visit.id, patientId: visit.patientId, branchId: visit.branchId })
      await payment.useTransaction(trx).save()
      return { payment, visit: await recomputeVisit(trx, visit.id), before: null }
    })
    if (result.visit) {
      await audit(
        {
          event: 'payment.attached',
          entityType: 'payment',
          entityId: paymentId,
          before: { visit_id: result.before },
          after: { visit_id: visitId },
        },
        ctx
      )
      await publishVisitPayment(result.payment, result.visit, actorOf(ctx))
    }
    return result.payment
  }

  /**
   * PAY-R7: a full or partial refund of a paid payment. Online refunds go
   * through the provider's API while the payment's lock is held, so two
   * refunds can never together exceed what was paid.
   */
  async refund(paymentId: number, input: { amount?: number; reason?: string }, ctx?: HttpContext) {
    const { change, refund } = await tenantTransaction(async (trx) => {
      const payment = await lockPayment(trx, paymentId)
      if (!payment) throw new AppException('PAYMENT_NOT_FOUND', 404)
      assertBranch(ctx, payment.branchId)
      if (payment.status !== 'paid') {
        throw new AppException('PAYMENT_NOT_REFUNDABLE', 409, { status: payment.status })
      }
      const available = payment.amount - payment.refundedAmount
      const amount = input.amount ?? available
      if (amount > available) {
        throw new AppException('REFUND_EXCEEDS_PAID', 409, {
          available,
          currency: payment.currency,
        })
      }
      let providerRefundId: string | null = null
      if (payment.method === 'online') {
        const provider = payment.provider as OnlineProvider
        const config = await providerConfig(provider)
        const done = config ? await this.#providerRefund(payment, amount, config) : null
        if (!done) {
          throw new AppException('REFUND_AT_PROVIDER', 409, {
            provider,
            provider_name: driverOf(provider).title,
          })
        }
        providerRefundId = done.refundId
      }
      const refunded = payment.refundedAmount + amount
      const record = await PaymentRefund.create(
        {
          createdAt: clock.now(),
          paymentId: payment.id,
          amount,
          currency: payment.currency,
          source: payment.method === 'online' ? 'api' : 'desk',
          providerRefundId,
          reason: input.reason ?? null,
          createdBy: actorOf(ctx),
        },
        { client: trx }
      )
      const to = refunded >= payment.amount ? 'refunded' : 'paid'
      return {
        change: await changeStatus(trx, payment, to, { refundedAmount: refunded }),
        refund: record,
      }
    })
    await announce(change, {
      ctx,
      source: 'refund',
      details: { refund_id: refund.id, refund_amount: refund.amount, reason: refund.reason },
      event: 'payment.refund',
    })
    return change!.payment
  }

  async #providerRefund(payment: Payment, amount: number, config: unknown) {
    try {
      return await driverOf(payment.provider as OnlineProvider).refund(payment, amount, config)
    } catch (error) {
      /* The provider's refusal (or a refund it cannot make) is the user's to read. */
      if (error instanceof AppException) throw error
      logger.warn({ err: error, payment: payment.id }, 'provider refund failed')
      throw new AppException('REFUND_PROVIDER_ERROR', 502, { provider: payment.provider })
    }
  }
}

export default new PaymentService()
