import type { HttpContext } from '@adonisjs/core/http'
import { createPatientValidator, searchPatientsValidator } from '#validators/registry'
import patientService from '#services/registry/patient_service'
import { patientLookups } from '#services/registry/patient_lookups'

export default class PatientsController {
  /** GET /api/patients?phone&q: autocomplete with today's visits and online numbers. */
  async index({ request }: HttpContext) {
    const input = await searchPatientsValidator.validate(request.qs())
    const patients = await patientService.search(input)
    return { data: await patientLookups(patients) }
  }

  /** POST /api/patients: 201, or 409 PATIENT_EXISTS with `patient_id` when the phone is taken. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createPatientValidator)
    const patient = await patientService.create(input, ctx)
    return ctx.response.created(patient.serialize())
  }
}
