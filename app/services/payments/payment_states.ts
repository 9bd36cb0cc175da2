import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Payment, { type PaymentState } from '#models/payment'
import Visit, { type PaymentStatus } from '#models/visit'
import QueueEntry from '#models/queue_entry'
import { AppException } from '#exceptions/app_exception'
import { clock } from '#services/clock'
import { audit } from '#services/audit_service'
import type { AuditEvent } from '#services/audit_events'
import { lockedRows, tenantTransaction } from '#services/queue/queue_numbering'
import { publishRegistryEvent, visitEventFields } from '#services/registry/registry_events'

/**
 * The moves of a payment (spec §4.2). A success may still arrive after a
 * decline (a retried card), never the other way round: a late "failed" or
 * "canceled" for a paid payment changes nothing.
 */
export const PAYMENT_TRANSITIONS: Record<PaymentState, PaymentState[]> = {
  created: ['pending', 'paid', 'canceled', 'failed'],
  pending: ['paid', 'canceled', 'failed'],
  failed: ['pending', 'paid', 'canceled'],
  paid: ['refunded'],
  canceled: [],
  refunded: [],
}

const CLOSED: PaymentState[] = ['paid', 'canceled', 'failed', 'refunded']

export interface AnnounceOptions {
  ctx?: HttpContext
  actorId?: number | null
  /** desk, init, webhook:<provider>, poll, refund … */
  source: string
  details?: object
  /** The audit event; `payment.<new status>` by default. */
  event?: AuditEvent
}

export interface StatusChange {
  payment: Payment
  from: PaymentState
  to: PaymentState
  visit: { visit: Visit; from: PaymentStatus } | null
}

export function lockPayment(trx: TransactionClientContract, paymentId: number) {
  return lockedRows(Payment.query({ client: trx }).where('id', paymentId), trx).first()
}

export function canMove(from: PaymentState, to: PaymentState) {
  return PAYMENT_TRANSITIONS[from].includes(to)
}

/**
 * Moves a locked payment to `to` inside the caller's transaction and
 * recomputes its visit's payment status. The same state again is no change
 * (null), so a repeated notification moves a payment once; an impossible
 * move throws 409 PAYMENT_STATE_CONFLICT.
 */
export async function changeStatus(
  trx: TransactionClientContract,
  payment: Payment,
  to: PaymentState,
  patch: Partial<Pick<Payment, 'refundedAmount' | 'invoiceId'>> = {}
): Promise<StatusChange | null> {
  const from = payment.status
  if (from === to && patch.refundedAmount === undefined) {
    payment.merge(patch)
    if (payment.$isDirty) await payment.useTransaction(trx).save()
    return null
  }
  if (from !== to && !canMove(from, to)) {
    throw new AppException('PAYMENT_STATE_CONFLICT', 409, { from, to })
  }
  payment.merge({ status: to, ...patch })
  if (to === 'paid' && !payment.paidAt) payment.paidAt = clock.now()
  if (CLOSED.includes(to) && !payment.closedAt) payment.closedAt = clock.now()
  if (CLOSED.includes(to)) payment.nextPollAt = null
  await payment.useTransaction(trx).save()
  const visit = payment.visitId ? await recomputeVisit(trx, payment.visitId) : null
  return { payment, from, to, visit }
}

/**
 * A visit's payment status from its payments: paid once what was paid (net of
 * refunds) covers the total, partial below it, pending while an online
 * payment waits, refunded when everything paid went back.
 */
export async function recomputeVisit(trx: TransactionClientContract, visitId: number) {
  const visit = await lockedRows(
    Visit.query({ client: trx }).where('id', visitId),
    trx
  ).firstOrFail()
  const payments = await Payment.query({ client: trx })
    .where('visit_id', visitId)
    .select('status', 'amount', 'refunded_amount')
  const net = payments.reduce((sum, p) => sum + p.netAmount, 0)
  const refunded = payments.some((p) => p.refundedAmount > 0)
  const pending = payments.some((p) => p.status === 'pending')
  const status: PaymentStatus =
    net > 0 && net >= visit.total
      ? 'paid'
      : net > 0
        ? 'partial'
        : pending
          ? 'pending'
          : refunded
            ? 'refunded'
            : 'unpaid'
  const from = visit.paymentStatus
  if (status !== from) {
    visit.paymentStatus = status
    await visit.useTransaction(trx).save()
  }
  return { visit, from }
}

/**
 * After the transaction committed: the audit row and `payment.status_changed`,
 * so the registry row and the cash desk update live (PAY-R4).
 */
export async function announce(change: StatusChange | null, options: AnnounceOptions) {
  if (!change) return
  const { payment } = change
  const actorId = options.actorId ?? options.ctx?.auth?.user?.id ?? null
  await audit(
    {
      event: options.event ?? `payment.${change.to}`,
      userId: actorId,
      entityType: 'payment',
      entityId: payment.id,
      before: { status: change.from },
      after: {
        status: change.to,
        amount: payment.amount,
        refunded_amount: payment.refundedAmount,
        currency: payment.currency,
        provider: payment.provider,
        visit_id: payment.visitId,
        source: options.source,
        ...options.details,
      },
    },
    options.ctx
  )
  if (change.visit) await publishVisitPayment(payment, change.visit, actorId)
  else if (payment.branchId) await publishLoosePayment(payment, change.from, actorId)
}

export async function publishVisitPayment(
  payment: Payment,
  change: { visit: Visit; from: PaymentStatus },
  actorId: number | null
) {
  const { visit, from } = change
  const entry = await QueueEntry.query().where('visit_id', visit.id).first()
  await publishRegistryEvent('payment.status_changed', {
    ...visitEventFields(visit, entry, actorId),
    old_status: from,
    new_status: visit.paymentStatus,
    ...paymentFields(payment),
  })
}

/** A payment of no visit (yet): its branch's cash desks still hear it; the statuses are the payment's. */
function publishLoosePayment(payment: Payment, from: PaymentState, actorId: number | null) {
  return publishRegistryEvent('payment.status_changed', {
    branch_id: payment.branchId!,
    visit_id: null,
    old_status: from,
    new_status: payment.status,
    actor_id: actorId,
    ...paymentFields(payment),
  })
}

/** What every `payment.status_changed` tells about the payment itself. */
const paymentFields = (payment: Payment) => ({
  payment_id: payment.id,
  provider: payment.provider,
  payment_status: payment.status,
  amount: payment.amount,
  currency: payment.currency,
})

/** Moves a payment in its own transaction, then announces it. Unknown id → 404. */
export async function movePayment(paymentId: number, to: PaymentState, options: AnnounceOptions) {
  const change = await tenantTransaction(async (trx) => {
    const payment = await lockPayment(trx, paymentId)
    if (!payment) throw new AppException('PAYMENT_NOT_FOUND', 404)
    return { change: await changeStatus(trx, payment, to), payment }
  })
  await announce(change.change, options)
  return change
}
