import type { HttpContext } from '@adonisjs/core/http'
import callingService, { type EntryAction } from '#services/queue/calling_service'
import { entryResource } from '#services/queue/entry_resource'
import { callNextValidator, transferValidator } from '#validators/calling'

/** The calling flow of the registry and the doctor's queue panel (issue 4). */
export default class CallingController {
  /** POST /api/queue/call-next `{specialist_id}` → the called entry, or 409 QUEUE_EMPTY. */
  async callNext(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(callNextValidator)
    return entryResource(await callingService.callNext(input.specialist_id, ctx))
  }

  /** POST /api/queue/entries/:entryId/(recall|skip|freeze|return|start|finish) */
  async act(ctx: HttpContext) {
    const action = ctx.params.action as EntryAction
    return entryResource(await callingService.act(Number(ctx.params.entryId), action, ctx))
  }

  /** POST /api/queue/entries/:entryId/transfer `{doctor_id}` → the new entry (QUE-R12). */
  async transfer(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(transferValidator)
    const entry = await callingService.transfer(Number(ctx.params.entryId), input.doctor_id, ctx)
    return ctx.response.created(entryResource(entry))
  }
}
