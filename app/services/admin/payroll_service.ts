import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import Doctor from '#models/doctor'
import PayrollEntry, { type PayrollLine, type PayrollStatus } from '#models/payroll_entry'
import settingsService from '#services/settings/settings_service'
import { audit } from '#services/audit_service'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { currentTenantOrFail } from '#tenants/context'

export const serializePayroll = (entry: PayrollEntry, doctorName?: string) => ({
  id: entry.id,
  doctor_id: entry.doctorId,
  doctor_name: doctorName ?? null,
  period_start: entry.periodStart,
  period_end: entry.periodEnd,
  amount: entry.amount,
  base_amount: entry.baseAmount,
  visits_count: entry.visitsCount,
  currency: entry.currency,
  status: entry.status,
  paid_at: entry.paidAt?.toISO() ?? null,
  lines: entry.lines,
})

/** Half away from zero, on minor units. */
const share = (total: number, percent: number) => Math.round((total * percent) / 100)

/**
 * Doctors' payroll (ADM-R7): a share of the services of the doctor's done
 * visits in the period, at the service's percent when it has one, else the
 * doctor's. A visit without services counts its total at the doctor's percent.
 * Entries start `pending`; marking one `paid` records when. A pending entry of
 * the same period is recalculated; a paid one is never touched.
 */
export class PayrollService {
  async list(filters: { doctor_id?: number; status?: PayrollStatus; from?: string; to?: string }) {
    const query = PayrollEntry.query().orderBy('period_start', 'desc').orderBy('id', 'desc')
    if (filters.doctor_id) query.where('doctor_id', filters.doctor_id)
    if (filters.status) query.where('status', filters.status)
    if (filters.from) query.where('period_end', '>=', filters.from)
    if (filters.to) query.where('period_start', '<=', filters.to)
    const entries = await query
    const names = await this.#doctorNames(entries.map((entry) => entry.doctorId))
    return entries.map((entry) => serializePayroll(entry, names.get(entry.doctorId)))
  }

  async show(id: number) {
    const entry = await PayrollEntry.findOrFail(id)
    const doctor = await Doctor.findOrFail(entry.doctorId)
    return { entry: serializePayroll(entry, doctor.fullName), doctor }
  }

  /** The lines and amount of one doctor's period, from the done visits. */
  async compute(doctor: Doctor, periodStart: string, periodEnd: string) {
    const knex = db.connection(currentTenantOrFail().connectionName)
    const visits = await knex
      .from('visits')
      .where('doctor_id', doctor.id)
      .where('status', 'done')
      .whereBetween('date', [periodStart, periodEnd])
      .select('id', 'total')
    const visitIds = visits.map((visit: any) => visit.id)
    const services = visitIds.length
      ? await knex
          .from('visit_services as vs')
          .join('services as s', 's.id', 'vs.service_id')
          .whereIn('vs.visit_id', visitIds)
          .select('vs.visit_id', 's.id', 's.title', 's.payroll_percent', 'vs.qty', 'vs.total')
      : []
    const doctorPercent = doctor.payrollPercent ?? 0
    const lines = new Map<string, PayrollLine>()
    const add = (key: string, line: Omit<PayrollLine, 'share'>) => {
      const found = lines.get(key)
      if (found) {
        found.qty += line.qty
        found.total += line.total
      } else lines.set(key, { ...line, share: 0 })
    }
    for (const row of services as any[]) {
      const percent = row.payroll_percent === null ? doctorPercent : Number(row.payroll_percent)
      add(`${row.id}:${percent}`, {
        service_id: row.id,
        title: row.title,
        qty: Number(row.qty),
        total: Number(row.total),
        percent,
      })
    }
    const withServices = new Set((services as any[]).map((row) => row.visit_id))
    for (const visit of visits as any[]) {
      if (withServices.has(visit.id)) continue
      add(`visit:${doctorPercent}`, {
        service_id: null,
        title: 'visit',
        qty: 1,
        total: Number(visit.total),
        percent: doctorPercent,
      })
    }
    const result = [...lines.values()].map((line) => ({
      ...line,
      share: share(line.total, line.percent),
    }))
    return {
      lines: result,
      visitsCount: visits.length,
      baseAmount: result.reduce((sum, line) => sum + line.total, 0),
      amount: result.reduce((sum, line) => sum + line.share, 0),
    }
  }

  /** Calculates (or recalculates pending) entries for one doctor or every doctor paid by percent. */
  async calculate(
    input: { period_start: string; period_end: string; doctor_id?: number },
    ctx?: HttpContext
  ) {
    if (input.period_end < input.period_start) throw FieldErrors.of('period_end', 'afterFrom')
    const doctors = input.doctor_id
      ? [await Doctor.findOrFail(input.doctor_id)]
      : await Doctor.query()
          .where('active', true)
          .whereNotNull('payroll_percent')
          .orderBy('full_name')
    const currency = await settingsService.get<string>('currency')
    const results = []
    for (const doctor of doctors) {
      const existing = await PayrollEntry.query()
        .where({
          doctor_id: doctor.id,
          period_start: input.period_start,
          period_end: input.period_end,
        })
        .first()
      if (existing?.status === 'paid') {
        if (input.doctor_id) throw new AppException('PAYROLL_ALREADY_PAID', 409)
        results.push(serializePayroll(existing, doctor.fullName))
        continue
      }
      const computed = await this.compute(doctor, input.period_start, input.period_end)
      const entry = existing ?? new PayrollEntry()
      const before = existing ? serializePayroll(existing, doctor.fullName) : null
      entry.merge({
        doctorId: doctor.id,
        periodStart: input.period_start,
        periodEnd: input.period_end,
        amount: computed.amount,
        baseAmount: computed.baseAmount,
        visitsCount: computed.visitsCount,
        lines: computed.lines,
        currency,
        status: 'pending',
        createdBy: entry.createdBy ?? ctx?.auth?.user?.id ?? null,
      })
      await entry.save()
      const after = serializePayroll(entry, doctor.fullName)
      await audit(
        {
          event: existing ? 'payroll.recalculated' : 'payroll.calculated',
          entityType: 'payroll',
          entityId: entry.id,
          before,
          after,
        },
        ctx
      )
      results.push(after)
    }
    return results
  }

  async setStatus(id: number, status: PayrollStatus, ctx?: HttpContext) {
    const entry = await PayrollEntry.findOrFail(id)
    const doctor = await Doctor.findOrFail(entry.doctorId)
    const before = serializePayroll(entry, doctor.fullName)
    entry.status = status
    entry.paidAt = status === 'paid' ? (entry.paidAt ?? DateTime.utc()) : null
    await entry.save()
    const after = serializePayroll(entry, doctor.fullName)
    await audit(
      {
        event: `payroll.${status === 'paid' ? 'paid' : 'reopened'}`,
        entityType: 'payroll',
        entityId: id,
        before,
        after,
      },
      ctx
    )
    return after
  }

  /** A pending entry can be deleted; a paid one is history. */
  async remove(id: number, ctx?: HttpContext) {
    const entry = await PayrollEntry.findOrFail(id)
    if (entry.status === 'paid') throw new AppException('PAYROLL_ALREADY_PAID', 409)
    const before = serializePayroll(entry)
    await entry.delete()
    await audit({ event: 'payroll.deleted', entityType: 'payroll', entityId: id, before }, ctx)
  }

  async #doctorNames(ids: number[]) {
    const doctors = ids.length ? await Doctor.query().whereIn('id', [...new Set(ids)]) : []
    return new Map(doctors.map((doctor) => [doctor.id, doctor.fullName]))
  }
}

export default new PayrollService()
