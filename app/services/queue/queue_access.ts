import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import type User from '#models/user'
import { AppException } from '#exceptions/app_exception'

/** Working another doctor's queue (registrars; admins have `*`). */
export const CALL_ANY = 'queue.call_any'

/**
 * Whose queue a user works (issue 22): with `queue.call`, a user linked to a
 * doctor (`users.doctor_id`) works that doctor's queue; any other doctor's
 * queue needs `queue.call_any` too, within the user's branch when the user is
 * tied to one. A user without a doctor link and without `queue.call_any`
 * (say, a nurse given `queue.call`) has no queue of their own and works none.
 * The calling API, today's list, the doctor's panel and the live channel
 * `doctor/<id>/queue` all ask here.
 */
class QueueAccess {
  /** May `user` see and call the queue of `doctor` (a doctor or its id)? */
  async mayWork(user: User, doctor: Doctor | number | null) {
    if (!(await user.hasPermission('queue.call'))) return false
    const target = typeof doctor === 'number' ? await Doctor.find(doctor) : doctor
    if (!target) return false
    if (user.doctorId === target.id) return true
    if (user.branchId && user.branchId !== target.branchId) return false
    return user.hasPermission(CALL_ANY)
  }

  /**
   * 403 `QUEUE_NOT_YOURS` unless the request's user may work the doctor's
   * queue. Calls made by the app itself (no request) are not checked.
   */
  async authorize(ctx: HttpContext | undefined, doctor: Doctor | number) {
    if (!ctx) return
    const user = ctx.auth?.user as User | undefined
    if (user && (await this.mayWork(user, doctor))) return
    throw new AppException('QUEUE_NOT_YOURS', 403, {
      specialist_id: typeof doctor === 'number' ? doctor : doctor.id,
    })
  }

  /**
   * The doctors whose queues the panel offers the user: every active doctor
   * of the user's branch (or of all branches) with `queue.call_any`, else the
   * user's own doctor alone, else none.
   */
  async doctorsFor(user: User) {
    const query = Doctor.query().where('active', true).orderBy('full_name')
    if (await user.hasPermission(CALL_ANY)) {
      if (user.branchId) query.where('branch_id', user.branchId)
    } else if (user.doctorId) {
      query.where('id', user.doctorId)
    } else {
      return []
    }
    return query
  }
}

export default new QueueAccess()
