import type { HttpContext } from '@adonisjs/core/http'
import { bookingClosureValidator, slotsQueryValidator } from '#validators/registry'
import { activeDoctorOrFail } from '#services/registry/visit_service'
import { bookingDays } from '#services/registry/schedule_slots'
import bookingClosures from '#services/registry/schedule_closures'

/** Booking days of the weekly schedules (APT-R2, R8). */
export default class ScheduleController {
  /** GET /api/appointments/slots?doctor_id&date: the day's slots, occupancy and whether it takes bookings. */
  async slots(ctx: HttpContext) {
    const input = await slotsQueryValidator.validate(ctx.request.qs())
    const doctor = await activeDoctorOrFail(input.doctor_id)
    const [day] = await bookingDays([doctor], input.date)
    return { doctor: doctor.toSpecialist(), ...day }
  }

  /** POST /api/schedule/closures: booking off for a specialist on a day, or until reopened. */
  async close(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(bookingClosureValidator)
    const closure = await bookingClosures.close(input, ctx)
    return ctx.response.created(closure.serializeForApi())
  }

  /** DELETE /api/schedule/closures/:id: booking on again. */
  async reopen(ctx: HttpContext) {
    await bookingClosures.reopen(Number(ctx.params.id), ctx)
    return ctx.response.noContent()
  }
}
