import type { HttpContext } from '@adonisjs/core/http'
import { onlineHoldersValidator, reserveNumbersValidator } from '#validators/registry'
import reservedNumbers from '#services/queue/reserved_numbers'
import { searchOnlineHolders } from '#services/registry/online_holder_search'

/** The desk's helpers for a rush: technical numbers ahead (QUE-R11), an online number without the phone (REG-E2). */
export default class DeskNumbersController {
  /** POST /api/queue/reserve {specialist_id, count?}: 201 with the reserved tickets. */
  async reserve(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(reserveNumbersValidator)
    const { queue, entries } = await reservedNumbers.reserve(
      input.specialist_id,
      input.count ?? 1,
      ctx
    )
    return ctx.response.created({
      queue_id: queue.id,
      day: queue.day,
      specialist_id: queue.doctorId,
      entries: entries.map((entry) => ({
        entry_id: entry.id,
        number: entry.number,
        ticket: entry.ticket,
        status: entry.status,
      })),
    })
  }

  /** GET /api/registry/online-holders?q&birth_year&around&minutes&doctor_id (REG-E2). */
  async onlineHolders(ctx: HttpContext) {
    const input = await onlineHoldersValidator.validate(ctx.request.qs())
    return { data: await searchOnlineHolders(input, ctx) }
  }
}
