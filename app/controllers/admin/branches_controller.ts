import type { HttpContext } from '@adonisjs/core/http'
import Branch from '#models/branch'
import { audit } from '#services/audit_service'
import { branchValidator, updateBranchValidator } from '#validators/branch'

/** GET/POST /api/admin/branches, PUT /api/admin/branches/:id */
export default class BranchesController {
  async index() {
    return Branch.query().orderBy('id')
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(branchValidator)
    const tenant = ctx.tenant!.tenant
    const branch = await Branch.create({
      name: input.name,
      address: input.address ?? null,
      timezone: input.timezone ?? tenant.timezone,
      locale: input.locale ?? tenant.locale,
      isDefault: false,
    })
    await audit(
      {
        event: 'branch.created',
        entityType: 'branch',
        entityId: branch.id,
        after: branch.serialize(),
      },
      ctx
    )
    return ctx.response.created(branch)
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateBranchValidator)
    const branch = await Branch.findOrFail(Number(ctx.params.id))
    const before = branch.serialize()
    branch.merge({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.address !== undefined ? { address: input.address } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
    })
    await branch.save()
    await audit(
      {
        event: 'branch.updated',
        entityType: 'branch',
        entityId: branch.id,
        before,
        after: branch.serialize(),
      },
      ctx
    )
    return branch
  }
}
