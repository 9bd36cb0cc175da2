import type { HttpContext } from '@adonisjs/core/http'
import {
  createPatientValidator,
  mergePatientValidator,
  searchPatientsValidator,
  updatePatientValidator,
} from '#validators/registry'
import patientService from '#services/registry/patient_service'
import patientEdits, { patientResource } from '#services/registry/patient_edits'
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

  /**
   * PATCH (and PUT, the contract's) /api/patients/:id: corrects a card and
   * answers it; 409 PATIENT_EXISTS when the new phone is another card's.
   */
  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updatePatientValidator)
    return patientResource(await patientEdits.update(ctx.params.id, input, ctx))
  }

  /** POST /api/patients/:id/merge {into_id}: this card's visits, tickets and payments move. */
  async merge(ctx: HttpContext) {
    const { into_id: intoId } = await ctx.request.validateUsing(mergePatientValidator)
    const { patient, moved } = await patientEdits.merge(ctx.params.id, intoId, ctx)
    return { patient: patientResource(patient), merged_id: Number(ctx.params.id), moved }
  }
}
