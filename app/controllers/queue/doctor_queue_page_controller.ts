import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import type User from '#models/user'
import { doctorQueueChannel } from '#services/board/board_channels'

/**
 * The doctor's queue panel: the signed-in doctor's own queue, or (for a
 * registrar) any doctor of the branch, chosen on the page.
 */
export default class DoctorQueuePageController {
  async show(ctx: HttpContext) {
    const user = ctx.auth.user as User
    const query = Doctor.query().where('active', true).orderBy('full_name')
    if (user.branchId) query.where('branch_id', user.branchId)
    const doctors = await query
    return ctx.inertia.render('queue/doctor', {
      doctors: doctors.map((doctor) => ({
        id: doctor.id,
        full_name: doctor.fullName,
        specialty: doctor.specialty,
        cabinet: doctor.cabinet,
        branch_id: doctor.branchId,
        channel: doctorQueueChannel(doctor.id),
      })),
      ownDoctorId: user.doctorId ?? null,
    })
  }
}
