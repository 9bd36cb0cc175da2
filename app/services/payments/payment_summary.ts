import { DateTime } from 'luxon'
import Branch from '#models/branch'
import settingsService from '#services/settings/settings_service'
import { tenantClient } from '#services/queue/queue_numbering'

export interface SummaryRow {
  day: string
  branch_id: number | null
  branch: string
  currency: string
  cash: number
  card: number
  online: number
  refunds: number
  /** Refunds of cash payments: money that left the drawer. */
  cash_refunds: number
  /** Cash in the drawer: cash taken minus cash refunds. */
  drawer: number
  total: number
  count: number
}

const SQL_TIME = 'yyyy-MM-dd HH:mm:ss'

/**
 * REG-R13: money received per local day and branch, cash vs card vs online,
 * refunds apart (minor units, per currency). A payment counts on the day it
 * was paid; its refunds on the days they were made. A refund of a cash
 * payment leaves the drawer: `drawer` is cash in minus those.
 */
export async function paymentSummary(from: string, to: string, branchId?: number) {
  const zone = await settingsService.get<string>('timezone', branchId)
  const utcFrom = DateTime.fromISO(from, { zone }).startOf('day').toUTC().toFormat(SQL_TIME)
  const utcTo = DateTime.fromISO(to, { zone })
    .plus({ days: 1 })
    .startOf('day')
    .toUTC()
    .toFormat(SQL_TIME)
  const client = tenantClient()
  const paid = client
    .from('payments')
    .whereIn('status', ['paid', 'refunded'])
    .where('paid_at', '>=', utcFrom)
    .where('paid_at', '<', utcTo)
    .select('branch_id', 'currency', 'method', 'amount', 'paid_at as at')
  const refunds = client
    .from('payment_refunds as r')
    .join('payments as p', 'p.id', 'r.payment_id')
    .where('r.created_at', '>=', utcFrom)
    .where('r.created_at', '<', utcTo)
    .select('p.branch_id', 'p.method', 'r.currency', 'r.amount', 'r.created_at as at')
  if (branchId) {
    paid.where('branch_id', branchId)
    refunds.where('p.branch_id', branchId)
  }
  const branches = new Map((await Branch.all()).map((b) => [b.id, b.name]))
  const rows = new Map<string, SummaryRow>()
  const rowOf = (at: unknown, branch: number | null, currency: string) => {
    const instant =
      at instanceof Date
        ? DateTime.fromJSDate(at, { zone: 'utc' })
        : DateTime.fromSQL(String(at), { zone: 'utc' })
    const day = instant.setZone(zone).toISODate()!
    const key = `${day}|${branch}|${currency}`
    let row = rows.get(key)
    if (!row) {
      row = {
        day,
        branch_id: branch,
        branch: branch ? (branches.get(branch) ?? String(branch)) : '',
        currency,
        cash: 0,
        card: 0,
        online: 0,
        refunds: 0,
        cash_refunds: 0,
        drawer: 0,
        total: 0,
        count: 0,
      }
      rows.set(key, row)
    }
    return row
  }
  for (const payment of await paid) {
    const row = rowOf(payment.at, payment.branch_id, payment.currency)
    const method = payment.method as 'cash' | 'card' | 'online'
    row[method] += Number(payment.amount)
    if (method === 'cash') row.drawer += Number(payment.amount)
    row.total += Number(payment.amount)
    row.count++
  }
  for (const refund of await refunds) {
    const row = rowOf(refund.at, refund.branch_id, refund.currency)
    row.refunds += Number(refund.amount)
    row.total -= Number(refund.amount)
    if (refund.method === 'cash') {
      row.cash_refunds += Number(refund.amount)
      row.drawer -= Number(refund.amount)
    }
  }
  return [...rows.values()].sort(
    (a, b) => a.day.localeCompare(b.day) || a.branch.localeCompare(b.branch)
  )
}
