import type { HttpContext } from '@adonisjs/core/http'
import Branch from '#models/branch'
import Workstation from '#models/workstation'
import type { PaperWidth } from '#services/printing/printing_types'
import { audit } from '#services/audit_service'
import { createWorkstationValidator, updateWorkstationValidator } from '#validators/workstation'
import { branchIdOrMain } from '#services/branches'

/** GET/POST/PUT/DELETE /api/admin/workstations: desks and their ticket printers (REG-T9). */
export default class WorkstationsController {
  async index() {
    const rows = await Workstation.query().orderBy('branch_id').orderBy('name')
    return rows.map((row) => row.serialize())
  }

  async show({ params }: HttpContext) {
    return (await Workstation.findOrFail(params.id)).serialize()
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createWorkstationValidator)
    const branchId = await branchIdOrMain(input.branch_id)
    const workstation = await Workstation.create({
      branchId,
      name: input.name,
      printerHost: input.printer_host ?? null,
      printerPort: input.printer_port ?? 9100,
      paperWidth: (input.paper_width ?? 80) as PaperWidth,
      lang: input.lang ?? ((await Branch.findOrFail(branchId)).locale as Workstation['lang']),
    })
    await audit(
      {
        event: 'workstation.created',
        entityType: 'workstation',
        entityId: workstation.id,
        after: workstation.serialize(),
      },
      ctx
    )
    return ctx.response.created(workstation.serialize())
  }

  async update(ctx: HttpContext) {
    const workstation = await Workstation.findOrFail(ctx.params.id)
    const input = await ctx.request.validateUsing(updateWorkstationValidator)
    const before = workstation.serialize()
    if (input.branch_id !== undefined) workstation.branchId = await branchIdOrMain(input.branch_id)
    if (input.name !== undefined) workstation.name = input.name
    if (input.printer_host !== undefined) workstation.printerHost = input.printer_host
    if (input.printer_port !== undefined) workstation.printerPort = input.printer_port
    if (input.paper_width !== undefined) workstation.paperWidth = input.paper_width as PaperWidth
    if (input.lang !== undefined) workstation.lang = input.lang
    await workstation.save()
    await audit(
      {
        event: 'workstation.updated',
        entityType: 'workstation',
        entityId: workstation.id,
        before,
        after: workstation.serialize(),
      },
      ctx
    )
    return workstation.serialize()
  }

  async destroy(ctx: HttpContext) {
    const workstation = await Workstation.findOrFail(ctx.params.id)
    const before = workstation.serialize()
    await workstation.delete()
    await audit(
      { event: 'workstation.deleted', entityType: 'workstation', entityId: before.id, before },
      ctx
    )
    return ctx.response.noContent()
  }
}
