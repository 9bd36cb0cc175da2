import type { HttpContext } from '@adonisjs/core/http'
import {
  createVisitValidator,
  rescheduleValidator,
  updateVisitValidator,
  visitStatusValidator,
} from '#validators/registry'
import visitRegistration from '#services/registry/visit_service'
import visitEdits from '#services/registry/visit_edits'
import { registryRows } from '#services/registry/registry_query'
import visitTransitions from '#services/registry/visit_transitions'
import { visitResource } from '#services/registry/visit_resource'
import { assertVisitBranch } from '#services/branch_scope'

export default class VisitsController {
  /** POST /api/visits: today → queued with a number, a later day → planned. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createVisitValidator)
    const { visit, entry } = await visitRegistration.register(input, ctx)
    return ctx.response.created(await visitResource(visit, entry))
  }

  /** PATCH /api/visits/:id/status (decision 2); 409 ILLEGAL_TRANSITION otherwise. */
  async updateStatus(ctx: HttpContext) {
    const { status } = await ctx.request.validateUsing(visitStatusValidator)
    await assertVisitBranch(ctx, ctx.params.id)
    const visit = await visitTransitions.move(ctx.params.id, status, ctx)
    return { visit: await visitResource(visit) }
  }

  async confirm(ctx: HttpContext) {
    await assertVisitBranch(ctx, ctx.params.id)
    return { visit: await visitResource(await visitTransitions.confirm(ctx.params.id, ctx)) }
  }

  async cancel(ctx: HttpContext) {
    await assertVisitBranch(ctx, ctx.params.id)
    return { visit: await visitResource(await visitTransitions.cancel(ctx.params.id, ctx)) }
  }

  async reschedule(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(rescheduleValidator)
    await assertVisitBranch(ctx, ctx.params.id)
    const visit = await visitTransitions.reschedule(ctx.params.id, input, ctx)
    return { visit: await visitResource(visit) }
  }

  /** PATCH /api/visits/:id: corrects a saved visit (doctor, day, services, type); issue 22 item 12. */
  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateVisitValidator)
    await assertVisitBranch(ctx, ctx.params.id)
    const { visit, entry } = await visitEdits.update(ctx.params.id, input, ctx)
    const { data } = await registryRows({ date: visit.date, visit_id: visit.id })
    return { visit: await visitResource(visit, entry), row: data[0] ?? null }
  }
}
