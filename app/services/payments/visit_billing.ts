import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Payment from '#models/payment'
import Visit from '#models/visit'
import VisitService from '#models/visit_service'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { lockedRows } from '#services/queue/queue_numbering'

export interface BillLine {
  visitServiceId: number | null
  title: string
  qty: number
  price: number
  total: number
}

/** Takes the visit's lock; a canceled visit takes no money (issue 5, "Bad input"). */
export async function lockPayableVisit(trx: TransactionClientContract, visitId: number) {
  const visit = await lockedRows(Visit.query({ client: trx }).where('id', visitId), trx).first()
  if (!visit) throw FieldErrors.of('visit_id', 'exists')
  if (visit.status === 'canceled')
    throw new AppException('VISIT_CANCELED', 409, { visit_id: visitId })
  return visit
}

/** What the visit's payments hold now: paid (net of refunds) and still waiting online. */
export async function visitBalance(trx: TransactionClientContract, visit: Visit) {
  const payments = await Payment.query({ client: trx }).where('visit_id', visit.id)
  const paid = payments.reduce((sum, p) => sum + p.netAmount, 0)
  return { total: visit.total, paid, due: Math.max(0, visit.total - paid) }
}

/**
 * The lines of a desk or online payment of a visit: the chosen services
 * (separate receipts: one service per payment; combined: several), or the
 * services nobody paid yet. An amount below the lines' sum is one
 * "payment for the visit" line (a partial payment).
 */
export async function billLines(
  trx: TransactionClientContract,
  visit: Visit,
  serviceIds: number[] | undefined
): Promise<BillLine[]> {
  const services = await VisitService.query({ client: trx })
    .where('visit_id', visit.id)
    .preload('service')
    .orderBy('id')
  const paidIds = new Set(
    (
      await trx
        .from('payment_items as i')
        .join('payments as p', 'p.id', 'i.payment_id')
        .where('p.visit_id', visit.id)
        .whereIn('p.status', ['paid', 'pending'])
        .whereNotNull('i.visit_service_id')
        .select('i.visit_service_id as id')
    ).map((row: { id: number }) => Number(row.id))
  )
  let chosen = services.filter((s) => !paidIds.has(s.id))
  if (serviceIds?.length) {
    const unknown = serviceIds.filter((id) => !services.some((s) => s.id === id))
    if (unknown.length) throw FieldErrors.of('service_ids', 'exists')
    if (serviceIds.some((id) => paidIds.has(id))) {
      throw new AppException('SERVICE_ALREADY_PAID', 409, { visit_id: visit.id })
    }
    chosen = services.filter((s) => serviceIds.includes(s.id))
  }
  return chosen.map((s) => ({
    visitServiceId: s.id,
    title: s.service.title,
    qty: s.qty,
    price: s.price,
    total: s.total,
  }))
}

/** The amount to take: what was asked, else the lines' sum, else what is due. */
export function amountToTake(asked: number | undefined, lines: BillLine[], due: number) {
  const linesSum = lines.reduce((sum, line) => sum + line.total, 0)
  const amount = asked ?? (linesSum > 0 ? Math.min(linesSum, due || linesSum) : due)
  if (amount <= 0) throw new AppException('NOTHING_TO_PAY', 409)
  return amount
}

/** Lines that add up to the amount: as chosen, or one line for a partial payment. */
export function linesFor(amount: number, lines: BillLine[]): BillLine[] {
  const sum = lines.reduce((total, line) => total + line.total, 0)
  if (lines.length && sum === amount) return lines
  return [{ visitServiceId: null, title: '', qty: 1, price: amount, total: amount }]
}
