import type { HttpContext } from '@adonisjs/core/http'
import doctorService from '#services/admin/doctor_service'
import scheduleService from '#services/admin/schedule_service'
import { schedulePdf } from '#services/admin/admin_exports'
import { withOccupancy } from '#services/registry/schedule_slots'
import {
  createDoctorValidator,
  listDoctorsValidator,
  photoValidator,
  scheduleQueryValidator,
  scheduleValidator,
  updateDoctorValidator,
} from '#validators/admin_doctor'

/** /api/admin/doctors: CRUD, photo, weekly schedule and its PDF; /api/schedule for the registry. */
export default class DoctorsController {
  async index({ request }: HttpContext) {
    return doctorService.list(
      await request.validateUsing(listDoctorsValidator, { data: request.qs() })
    )
  }

  async show({ params }: HttpContext) {
    return doctorService.show(Number(params.id))
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createDoctorValidator)
    return ctx.response.created(await doctorService.create(input, ctx))
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateDoctorValidator)
    return doctorService.update(Number(ctx.params.id), input, ctx)
  }

  async destroy(ctx: HttpContext) {
    const result = await doctorService.remove(Number(ctx.params.id), ctx)
    return result.deleted ? ctx.response.noContent() : result.doctor
  }

  async uploadPhoto(ctx: HttpContext) {
    const { photo } = await ctx.request.validateUsing(photoValidator)
    return doctorService.savePhoto(Number(ctx.params.id), photo, ctx)
  }

  async photo({ params, response }: HttpContext) {
    const found = await doctorService.photo(Number(params.id))
    if (!found) return response.notFound({ error: { code: 'NOT_FOUND' } })
    return response
      .header('content-type', found.type)
      .header('cache-control', 'private, max-age=60')
      .send(found.bytes)
  }

  async schedule({ params }: HttpContext) {
    return { doctor_id: Number(params.id), days: await scheduleService.week(Number(params.id)) }
  }

  async updateSchedule(ctx: HttpContext) {
    const { days } = await ctx.request.validateUsing(scheduleValidator)
    return {
      doctor_id: Number(ctx.params.id),
      days: await scheduleService.replace(Number(ctx.params.id), days, ctx),
    }
  }

  async schedulePdf(ctx: HttpContext) {
    const doctor = await doctorService.show(Number(ctx.params.id))
    const pdf = await schedulePdf(doctor, await scheduleService.week(doctor.id), ctx.i18n)
    return ctx.response
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="schedule-${doctor.id}.pdf"`)
      .send(pdf)
  }

  /** GET /api/schedule: the registry's view of every active doctor's week (ADM-T2). */
  async registrySchedule({ request }: HttpContext) {
    const filters = await request.validateUsing(scheduleQueryValidator, { data: request.qs() })
    const list = await scheduleService.forRegistry(filters)
    return filters.date ? withOccupancy(list, filters.date) : list
  }
}
