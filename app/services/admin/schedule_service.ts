import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import Schedule, { type ScheduleBreak } from '#models/schedule'
import { audit } from '#services/audit_service'
import { FieldErrors, type FieldProblem } from '#exceptions/field_errors'
import { currentTenantOrFail } from '#tenants/context'

export interface ScheduleDay {
  weekday: number
  start: string
  end: string
  breaks?: ScheduleBreak[]
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

const serialize = (row: Schedule) => ({
  weekday: row.weekday,
  start: row.startTime,
  end: row.endTime,
  breaks: row.breaks ?? [],
})

/**
 * Weekly working hours of doctors (Mon = 1 … Sun = 7) with breaks. The whole
 * week is replaced at once and checked first: start before end, each break
 * inside the working hours, breaks not overlapping, one row per weekday.
 */
export class ScheduleService {
  async week(doctorId: number) {
    await Doctor.findOrFail(doctorId)
    const rows = await Schedule.query().where('doctor_id', doctorId).orderBy('weekday')
    return rows.map(serialize)
  }

  /** Schedules of active doctors, as the registry reads them (ADM-T2). */
  async forRegistry(filters: { doctor_id?: number; branch_id?: number }) {
    const doctors = Doctor.query().where('active', true).orderBy('full_name')
    if (filters.doctor_id) doctors.where('id', filters.doctor_id)
    if (filters.branch_id) doctors.where('branch_id', filters.branch_id)
    const list = await doctors
    const rows = list.length
      ? await Schedule.query()
          .whereIn(
            'doctor_id',
            list.map((doctor) => doctor.id)
          )
          .orderBy('weekday')
      : []
    return list.map((doctor) => ({
      doctor: { ...doctor.toSpecialist(), branch_id: doctor.branchId },
      days: rows.filter((row) => row.doctorId === doctor.id).map(serialize),
    }))
  }

  async replace(doctorId: number, days: ScheduleDay[], ctx?: HttpContext) {
    await Doctor.findOrFail(doctorId)
    this.#check(days)
    const before = await this.week(doctorId)
    await db.connection(currentTenantOrFail().connectionName).transaction(async (trx) => {
      await Schedule.query({ client: trx }).where('doctor_id', doctorId).delete()
      for (const day of [...days].sort((a, b) => a.weekday - b.weekday)) {
        await Schedule.create(
          {
            doctorId,
            weekday: day.weekday,
            startTime: day.start,
            endTime: day.end,
            breaks: [...(day.breaks ?? [])].sort((a, b) => minutes(a.start) - minutes(b.start)),
          },
          { client: trx }
        )
      }
    })
    const after = await this.week(doctorId)
    await audit(
      {
        event: 'schedule.updated',
        entityType: 'doctor',
        entityId: doctorId,
        before: { days: before },
        after: { days: after },
      },
      ctx
    )
    return after
  }

  #check(days: ScheduleDay[]) {
    const problems: FieldProblem[] = []
    const seen = new Set<number>()
    days.forEach((day, index) => {
      const at = `days.${index}`
      if (seen.has(day.weekday)) problems.push({ field: `${at}.weekday`, rule: 'distinct' })
      seen.add(day.weekday)
      const start = minutes(day.start)
      const end = minutes(day.end)
      if (end <= start) problems.push({ field: `${at}.end`, rule: 'endAfterStart' })
      const breaks = (day.breaks ?? [])
        .map((item, position) => ({ ...item, position }))
        .sort((a, b) => minutes(a.start) - minutes(b.start))
      let previousEnd = -1
      for (const item of breaks) {
        const field = `${at}.breaks.${item.position}`
        const from = minutes(item.start)
        const to = minutes(item.end)
        if (to <= from) problems.push({ field: `${field}.end`, rule: 'endAfterStart' })
        else if (from < start || to > end) {
          problems.push({ field: `${field}.start`, rule: 'breakOutsideHours' })
        } else if (from < previousEnd) {
          problems.push({ field: `${field}.start`, rule: 'breaksOverlap' })
        }
        previousEnd = Math.max(previousEnd, to)
      }
    })
    if (problems.length) throw new FieldErrors(problems)
  }
}

export default new ScheduleService()
