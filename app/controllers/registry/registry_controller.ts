import type { HttpContext } from '@adonisjs/core/http'
import Visit from '#models/visit'
import QueueEntry from '#models/queue_entry'
import DailyQueue from '#models/daily_queue'
import { FieldErrors } from '#exceptions/field_errors'
import {
  calendarQueryValidator,
  registryQueryValidator,
  registryRowValidator,
} from '#validators/registry'
import { registryRows, type RegistryFilters } from '#services/registry/registry_query'
import { registryCsv } from '#services/registry/registry_csv'
import visitRegistration from '#services/registry/visit_service'
import bookingClosures from '#services/registry/schedule_closures'
import { branchToday } from '#services/local_time'
import { audit } from '#services/audit_service'
import { listBranch } from '#services/branch_scope'

export default class RegistryController {
  /** GET /api/registry: the day's rows, paginated, with each queue's opened_at. */
  async index(ctx: HttpContext) {
    const { request } = ctx
    const input = await request.validateUsing(registryQueryValidator, { data: request.qs() })
    /* A user tied to a branch reads that branch's rows only (issue 12 F7). */
    input.branch_id = listBranch(ctx, input.branch_id)
    const filters: RegistryFilters = {
      ...input,
      date: input.date ?? (await branchToday(input.branch_id)),
    }
    const result = await registryRows(filters)
    const queues = await DailyQueue.query()
      .where('day', filters.date)
      .if(input.branch_id, (scoped) => scoped.where('branch_id', input.branch_id!))
    return {
      ...result,
      queues: queues.map((q) => ({
        doctor_id: q.doctorId,
        opened_at: q.openedAt?.toUTC().toISO() ?? null,
      })),
    }
  }

  /** POST /api/registry/rows: the desk's row (new or known patient + visit) in one transaction. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(registryRowValidator)
    const { visit, entry } = await visitRegistration.register(input, ctx)
    const { data } = await registryRows({ date: visit.date, visit_id: visit.id })
    return ctx.response.created({
      row: data[0],
      visit_id: visit.id,
      entry_id: entry?.id ?? null,
      number: entry?.number ?? null,
      ticket: entry?.ticket ?? null,
    })
  }

  /**
   * GET /api/calendar?from&to&doctor_id: visits by day for the calendar (REG-T10, APT-T1)
   * and the booking closures of those days (APT-R2), shown like days off.
   */
  async calendar(ctx: HttpContext) {
    const { request, params } = ctx
    const data = { ...request.qs(), ...(params.doctor_id ? { doctor_id: params.doctor_id } : {}) }
    const input = await request.validateUsing(calendarQueryValidator, { data })
    input.branch_id = listBranch(ctx, input.branch_id)
    if (input.to < input.from) throw FieldErrors.of('to', 'afterFrom')
    const query = Visit.query()
      .whereBetween('date', [input.from, input.to])
      .preload('patient')
      .orderBy('date')
      .orderBy('id')
      .limit(5000)
    if (input.doctor_id) query.where('doctor_id', input.doctor_id)
    if (input.branch_id) query.where('branch_id', input.branch_id)
    const visits = await query
    const entries = visits.length
      ? await QueueEntry.query().whereIn(
          'visit_id',
          visits.map((v) => v.id)
        )
      : []
    const tickets = new Map(entries.map((e) => [e.visitId, e]))
    return {
      closures: await bookingClosures.during(input),
      visits: visits.map((v) => ({
        id: v.id,
        date: v.date,
        doctor_id: v.doctorId,
        patient_name: v.patient.fullName,
        status: v.status,
        number: tickets.get(v.id)?.number ?? null,
        ticket: tickets.get(v.id)?.ticket ?? null,
      })),
    }
  }

  /** GET /api/registry/export.csv: the day's registry (REG-R13), every row. */
  async exportCsv(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(registryQueryValidator, {
      data: ctx.request.qs(),
    })
    input.branch_id = listBranch(ctx, input.branch_id)
    const date = input.date ?? (await branchToday(input.branch_id))
    const { data } = await registryRows({ ...input, date, page: 1, per_page: 100_000 })
    await audit(
      {
        event: 'registry.exported',
        entityType: 'registry',
        entityId: date,
        after: { format: 'csv', rows: data.length },
      },
      ctx
    )
    ctx.response.header('content-type', 'text/csv; charset=utf-8')
    ctx.response.header('content-disposition', `attachment; filename="registry-${date}.csv"`)
    return registryCsv(data, ctx.i18n)
  }
}
