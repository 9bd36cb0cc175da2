import type { HttpContext } from '@adonisjs/core/http'
import { handleStripeDelivery } from '#services/payments/stripe_webhook'
import { handlePaymeCall } from '#services/payments/payme_merchant_api'
import { handleClickCall, type ClickAction } from '#services/payments/click_shop_api'
import { guardWebhookRate } from '#services/payments/webhook_rate_limit'

const rawBody = (ctx: HttpContext) => ctx.request.raw() ?? ''

/**
 * Provider callbacks (no staff login): the tenant comes from the host, each
 * provider's own credentials are checked, and every call is logged.
 */
export default class PaymentWebhooksController {
  /** POST /api/payments/stripe/webhook */
  async stripe(ctx: HttpContext) {
    await guardWebhookRate(ctx)
    const answer = await handleStripeDelivery({
      rawBody: rawBody(ctx),
      signature: ctx.request.header('stripe-signature'),
      ip: ctx.request.ip(),
    })
    return ctx.response.status(answer.status).json(answer.body)
  }

  /** POST /api/payments/payme/webhook: JSON-RPC 2.0, always HTTP 200. */
  async payme(ctx: HttpContext) {
    await guardWebhookRate(ctx)
    const body = await handlePaymeCall({
      rawBody: rawBody(ctx),
      authorization: ctx.request.header('authorization'),
      method: ctx.request.method(),
      ip: ctx.request.ip(),
    })
    return ctx.response.status(200).json(body)
  }

  /** POST /api/payments/click/prepare and /complete: form fields, JSON answer. */
  async click(ctx: HttpContext, action: ClickAction) {
    await guardWebhookRate(ctx)
    const body = await handleClickCall(action, ctx.request.body(), rawBody(ctx), ctx.request.ip())
    return ctx.response.status(200).json(body)
  }

  async clickPrepare(ctx: HttpContext) {
    return this.click(ctx, 'prepare')
  }

  async clickComplete(ctx: HttpContext) {
    return this.click(ctx, 'complete')
  }
}
