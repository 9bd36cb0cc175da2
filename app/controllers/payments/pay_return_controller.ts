import type { HttpContext } from '@adonisjs/core/http'
import Payment from '#models/payment'
import settingsService from '#services/settings/settings_service'
import { verifyReturn } from '#services/payments/payment_return'

/**
 * GET /pay/:id?s=…: where Payme, Click and Stripe send the patient back. No
 * login; the signature proves the link came from us. Shows the payment's
 * state and, when it failed, what to do (PAY-R10).
 */
export default class PayReturnController {
  async show(ctx: HttpContext) {
    const id = Number(ctx.params.id)
    const valid = verifyReturn(id, ctx.request.input('s'))
    const payment = valid ? await Payment.find(id) : null
    const clinic = await settingsService.clinicName()
    if (!payment && !ctx.request.header('x-inertia')) ctx.response.status(404)
    return ctx.inertia.render('cashier/pay_result', {
      clinic,
      payment: payment
        ? {
            id: payment.id,
            status: payment.status,
            amount: payment.amount,
            currency: payment.currency,
            provider: payment.provider,
          }
        : null,
    })
  }
}
