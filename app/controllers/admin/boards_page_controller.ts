import type { HttpContext } from '@adonisjs/core/http'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import boardDevices from '#services/board/board_devices'

/** Admin → Boards: the board devices of the tenant with their settings and media. */
export default class BoardsPageController {
  async show(ctx: HttpContext) {
    const [boards, branches, doctors] = await Promise.all([
      boardDevices.list(),
      Branch.query().orderBy('is_default', 'desc').orderBy('id'),
      Doctor.query().where('active', true).orderBy('full_name'),
    ])
    return ctx.inertia.render('admin/boards/index', {
      boards: boards.map((board) => board.serialize()),
      branches: branches.map((branch) => ({ id: branch.id, name: branch.name })),
      doctors: doctors.map((doctor) => ({
        id: doctor.id,
        full_name: doctor.fullName,
        specialty: doctor.specialty,
        cabinet: doctor.cabinet,
        branch_id: doctor.branchId,
      })),
    })
  }
}
