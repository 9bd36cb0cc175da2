import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { branchToday } from '#services/local_time'
import { currentTenantOrFail } from '#tenants/context'
import { daysOf, periodOf, type Period } from '#services/admin/period'

/** Visits that happened or are happening: not canceled, not no-shows. */
const COUNTED = ['planned', 'confirmed', 'queued', 'in_progress', 'done']

const knex = () => db.connection(currentTenantOrFail().connectionName)
const num = (value: unknown) => Number(value ?? 0)

/**
 * The numbers of the dashboard (ADM-R8) and the reports page: visits,
 * patients, income from the payments table, top services, doctor load and
 * expenses, for a period of local days and optionally one branch.
 */
export class ReportService {
  async dashboard(branchId?: number) {
    const today = await branchToday(branchId)
    const weekStart = DateTime.fromISO(today).minus({ days: 6 }).toISODate()!
    const todayPeriod = await periodOf(today, today, branchId)
    const week = await periodOf(weekStart, today, branchId)
    const visitsToday = await this.#visits(todayPeriod, branchId)
    return {
      date: today,
      today: {
        visits: visitsToday.visits,
        patients: visitsToday.patients,
        done: visitsToday.done,
        income: await this.income(todayPeriod, branchId),
      },
      week: await this.visitsPerDay(week, branchId),
      top_services: await this.topServices(week, branchId, 5),
      doctor_load: await this.doctorLoad(todayPeriod, branchId),
    }
  }

  async report(from: string, to: string, branchId?: number) {
    const period = await periodOf(from, to, branchId)
    const visits = await this.#visits(period, branchId)
    return {
      from,
      to,
      branch_id: branchId ?? null,
      visits,
      income: await this.income(period, branchId),
      per_day: await this.visitsPerDay(period, branchId),
      top_services: await this.topServices(period, branchId, 20),
      doctor_load: await this.doctorLoad(period, branchId),
      expenses: await this.expenses(period, branchId),
    }
  }

  async #visits(period: Period, branchId?: number) {
    const query = knex()
      .from('visits')
      .whereBetween('date', [period.from, period.to])
      .whereIn('status', COUNTED)
    if (branchId) query.where('branch_id', branchId)
    const row = await query
      .select(knex().raw('COUNT(*) as visits'))
      .select(knex().raw('COUNT(DISTINCT patient_id) as patients'))
      .select(knex().raw(`SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) as done`))
      .first()
    return { visits: num(row?.visits), patients: num(row?.patients), done: num(row?.done) }
  }

  /** Money received in the period by method (cash, card, online), refunds taken off, per currency. */
  async income(period: Period, branchId?: number) {
    const query = knex()
      .from('payments')
      .whereIn('status', ['paid', 'refunded'])
      .where('paid_at', '>=', period.utcFrom)
      .where('paid_at', '<', period.utcTo)
    if (branchId) query.where('branch_id', branchId)
    const rows = await query
      .groupBy('method', 'currency')
      .select('method', 'currency')
      .select(knex().raw('SUM(amount - refunded_amount) as amount'))
    const byCurrency = new Map<
      string,
      { currency: string; cash: number; card: number; online: number; total: number }
    >()
    for (const row of rows) {
      const sum = byCurrency.get(row.currency) ?? {
        currency: row.currency,
        cash: 0,
        card: 0,
        online: 0,
        total: 0,
      }
      const method = (
        ['cash', 'card', 'online'].includes(row.method) ? row.method : 'online'
      ) as 'cash'
      sum[method] += num(row.amount)
      sum.total += num(row.amount)
      byCurrency.set(row.currency, sum)
    }
    return [...byCurrency.values()]
  }

  async visitsPerDay(period: Period, branchId?: number) {
    const query = knex()
      .from('visits')
      .whereBetween('date', [period.from, period.to])
      .whereIn('status', COUNTED)
    if (branchId) query.where('branch_id', branchId)
    const rows = await query.groupBy('date').select('date').select(knex().raw('COUNT(*) as visits'))
    const counts = new Map(
      rows.map((row: any) => [
        row.date instanceof Date
          ? DateTime.fromJSDate(row.date).toISODate()
          : String(row.date).slice(0, 10),
        num(row.visits),
      ])
    )
    return daysOf(period).map((day) => ({ date: day, visits: counts.get(day) ?? 0 }))
  }

  async topServices(period: Period, branchId: number | undefined, limit: number) {
    const query = knex()
      .from('visit_services as vs')
      .join('visits as v', 'v.id', 'vs.visit_id')
      .join('services as s', 's.id', 'vs.service_id')
      .whereBetween('v.date', [period.from, period.to])
      .whereIn('v.status', COUNTED)
    if (branchId) query.where('v.branch_id', branchId)
    const rows = await query
      .groupBy('s.id', 's.title', 's.category')
      .select('s.id', 's.title', 's.category')
      .select(knex().raw('SUM(vs.qty) as count'))
      .select(knex().raw('SUM(vs.total) as total'))
      .orderBy('count', 'desc')
      .orderBy('total', 'desc')
      .limit(limit)
    return rows.map((row: any) => ({
      id: row.id,
      title: row.title,
      category: row.category,
      count: num(row.count),
      total: num(row.total),
    }))
  }

  async doctorLoad(period: Period, branchId?: number) {
    const query = knex()
      .from('doctors as d')
      .leftJoin('visits as v', (join) => {
        join
          .on('v.doctor_id', 'd.id')
          .andOnVal('v.date', '>=', period.from)
          .andOnVal('v.date', '<=', period.to)
      })
      .where('d.active', true)
    if (branchId) query.where('d.branch_id', branchId)
    const rows = await query
      .groupBy('d.id', 'd.full_name', 'd.specialty', 'd.cabinet')
      .select('d.id', 'd.full_name', 'd.specialty', 'd.cabinet')
      .select(
        knex().raw(
          `SUM(CASE WHEN v.status IN ('${COUNTED.join("','")}') THEN 1 ELSE 0 END) as visits`
        )
      )
      .select(knex().raw(`SUM(CASE WHEN v.status = 'done' THEN 1 ELSE 0 END) as done`))
      .select(
        knex().raw(
          `SUM(CASE WHEN v.status IN ('${COUNTED.join("','")}') THEN v.total ELSE 0 END) as total`
        )
      )
      .orderBy('visits', 'desc')
      .orderBy('d.full_name')
    return rows.map((row: any) => ({
      id: row.id,
      full_name: row.full_name,
      specialty: row.specialty,
      cabinet: row.cabinet,
      visits: num(row.visits),
      done: num(row.done),
      total: num(row.total),
    }))
  }

  /** Expenses of the period per category (ADM-T6), per currency. */
  async expenses(period: Period, branchId?: number) {
    const query = knex().from('expenses').whereBetween('spent_on', [period.from, period.to])
    if (branchId)
      query.where((inner) => inner.where('branch_id', branchId).orWhereNull('branch_id'))
    const rows = await query
      .groupBy('category', 'currency')
      .select('category', 'currency')
      .select(knex().raw('SUM(amount) as amount'))
      .select(knex().raw('COUNT(*) as count'))
      .orderBy('category')
    return rows.map((row: any) => ({
      category: row.category,
      currency: row.currency,
      amount: num(row.amount),
      count: num(row.count),
    }))
  }
}

export default new ReportService()
