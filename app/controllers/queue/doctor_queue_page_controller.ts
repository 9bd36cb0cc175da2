import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import type User from '#models/user'
import { doctorQueueChannel } from '#services/board/board_channels'
import queueAccess, { CALL_ANY } from '#services/queue/queue_access'

/**
 * The doctor's queue panel: a user linked to a doctor gets that doctor's
 * queue alone; with `queue.call_any` (registrars, admins) any doctor of the
 * branch, chosen on the page. A transfer may go to any doctor of the branch.
 */
export default class DoctorQueuePageController {
  async show(ctx: HttpContext) {
    const user = ctx.auth.user as User
    const doctors = await queueAccess.doctorsFor(user)
    const targets = Doctor.query().where('active', true).orderBy('full_name')
    if (user.branchId) targets.where('branch_id', user.branchId)
    return ctx.inertia.render('queue/doctor', {
      doctors: doctors.map((doctor) => ({
        id: doctor.id,
        full_name: doctor.fullName,
        specialty: doctor.specialty,
        cabinet: doctor.cabinet,
        branch_id: doctor.branchId,
        channel: doctorQueueChannel(doctor.id),
      })),
      transferTargets: (await targets).map((doctor) => ({
        id: doctor.id,
        full_name: doctor.fullName,
        cabinet: doctor.cabinet,
      })),
      ownDoctorId: user.doctorId ?? null,
      canPickDoctor: await user.hasPermission(CALL_ANY),
    })
  }
}
