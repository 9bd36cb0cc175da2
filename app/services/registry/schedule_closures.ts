import type { HttpContext } from '@adonisjs/core/http'
import BookingClosure from '#models/booking_closure'
import { FieldErrors } from '#exceptions/field_errors'
import { branchToday } from '#services/local_time'
import { activeDoctorOrFail } from '#services/registry/visit_service'
import { audit } from '#services/audit_service'
import { assertBranch, ownBranch } from '#services/branch_scope'
import Doctor from '#models/doctor'

export interface NewClosure {
  doctor_id: number
  /** Null or missing: every day until reopened. */
  day?: string | null
  note?: string | null
}

/**
 * APT-R2: the registry switches booking off for a specialist on one day or
 * until further notice, and on again. Visits already booked stay; new
 * bookings get 409 BOOKING_DISABLED with the next open day.
 */
class BookingClosures {
  async close(input: NewClosure, ctx?: HttpContext) {
    const doctor = await activeDoctorOrFail(input.doctor_id)
    /* A user tied to a branch closes booking for that branch's doctors only (issue 12 F7). */
    assertBranch(ctx, doctor.branchId)
    const day = input.day ?? null
    if (day && day < (await branchToday(doctor.branchId))) throw FieldErrors.of('day', 'dateInPast')
    const existing = await BookingClosure.query()
      .where('doctor_id', doctor.id)
      .where((q) => (day ? q.where('day', day) : q.whereNull('day')))
      .first()
    if (existing) return existing

    const closure = await BookingClosure.create({
      doctorId: doctor.id,
      day,
      note: input.note || null,
      createdBy: ctx?.auth?.user?.id ?? null,
    })
    await audit(
      {
        event: 'booking.closed',
        entityType: 'doctor',
        entityId: doctor.id,
        after: closure.serializeForApi(),
      },
      ctx
    )
    return closure
  }

  /** The closures touching `from`…`to` (those of a day in it and those until reopened), for the calendar. */
  async during(range: { from: string; to: string; doctor_id?: number }) {
    const query = BookingClosure.query()
      .where((q) => q.whereNull('day').orWhereBetween('day', [range.from, range.to]))
      .orderBy('id')
    if (range.doctor_id) query.where('doctor_id', range.doctor_id)
    return (await query).map((closure) => closure.serializeForApi())
  }

  async reopen(closureId: number, ctx?: HttpContext) {
    const closure = await BookingClosure.findOrFail(closureId)
    if (ownBranch(ctx) !== null) assertBranch(ctx, (await Doctor.find(closure.doctorId))?.branchId)
    await closure.delete()
    await audit(
      {
        event: 'booking.reopened',
        entityType: 'doctor',
        entityId: closure.doctorId,
        before: closure.serializeForApi(),
      },
      ctx
    )
  }
}

export default new BookingClosures()
