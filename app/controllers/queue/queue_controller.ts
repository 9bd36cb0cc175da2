import type { HttpContext } from '@adonisjs/core/http'
import { joinQueueValidator, queueDayValidator, queueTodayValidator } from '#validators/queue'
import onlineJoinService from '#services/queue/online_join_service'
import receptionService from '#services/queue/reception_service'
import callingService from '#services/queue/calling_service'
import { entryResource } from '#services/queue/entry_resource'
import { guardJoinRate } from '#services/queue/join_rate_limit'
import { AppException } from '#exceptions/app_exception'

/** The queue API of spec §2.4 (also mounted as /api/online-queue/*). */
export default class QueueController {
  /** POST /api/queue/join (public, rate-limited): `{number, duplicate, day, specialist}`. */
  async join(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(joinQueueValidator)
    await guardJoinRate(ctx, input)
    const source = ctx.request.header('x-join-source')
    return onlineJoinService.join(
      input,
      source === 'telegram' || source === 'pwa' ? source : 'online',
      ctx
    )
  }

  /** GET /api/queue/join-status?token: the window's state for the QR page. */
  async joinStatus(ctx: HttpContext) {
    const token = ctx.request.input('token')
    if (typeof token !== 'string') throw new AppException('TOKEN_INVALID', 404)
    await guardJoinRate(ctx, { token })
    return onlineJoinService.status(token)
  }

  async qrcode(ctx: HttpContext) {
    const input = await queueDayValidator.validate({ ...ctx.request.qs(), ...ctx.request.body() })
    return receptionService.qrcode(input, `${ctx.request.protocol()}://${ctx.request.host()}`, ctx)
  }

  /** POST /api/queue/open: "Open reception now" (QUE-R9). Body or query string. */
  async open(ctx: HttpContext) {
    const input = await queueDayValidator.validate({ ...ctx.request.qs(), ...ctx.request.body() })
    return receptionService.open(input, ctx)
  }

  async today(ctx: HttpContext) {
    const input = await queueTodayValidator.validate(ctx.request.qs())
    return receptionService.today(input.specialist_id, ctx)
  }

  /** POST /api/queue/call/:entryId: the called entry; publishes `queue.called`. */
  async call(ctx: HttpContext) {
    const entry = await callingService.act(Number(ctx.params.entryId), 'call', ctx)
    return entryResource(entry)
  }
}
