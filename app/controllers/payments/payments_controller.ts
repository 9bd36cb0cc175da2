import type { HttpContext } from '@adonisjs/core/http'
import Payment from '#models/payment'
import { AppException } from '#exceptions/app_exception'
import { audit } from '#services/audit_service'
import paymentService from '#services/payments/payment_service'
import { initResource, paymentResource } from '#services/payments/payment_resource'
import { receiptView } from '#services/payments/receipts/receipt_view'
import { renderReceiptPdf } from '#services/payments/receipts/receipt_pdf'
import { printReceipt } from '#services/payments/receipts/receipt_printing'
import settingsService from '#services/settings/settings_service'
import {
  attachVisitValidator,
  cashPaymentValidator,
  initPaymentValidator,
  printReceiptValidator,
  receiptQueryValidator,
  refundValidator,
  summaryQueryValidator,
} from '#validators/payments'
import { paymentSummary } from '#services/payments/payment_summary'
import { summaryCsv, summaryPdf } from '#services/payments/summary_export'
import { pickLang } from '#services/printing/ticket_texts'
import { assertBranch, listBranch } from '#services/branch_scope'

const paymentId = (ctx: HttpContext) => Number(ctx.params.id)
/** The payment of the route, 404 without one, 403 `BRANCH_FORBIDDEN` when it is another branch's. */
async function scopedPayment(ctx: HttpContext) {
  const payment = await Payment.find(paymentId(ctx))
  if (!payment) throw new AppException('PAYMENT_NOT_FOUND', 404)
  assertBranch(ctx, payment.branchId)
  return payment
}
const origin = (ctx: HttpContext) => `${ctx.request.protocol()}://${ctx.request.host()}`

/** The payments API (api-contract "Payments", spec §4.4). */
export default class PaymentsController {
  /** GET /api/payments/:id */
  async show(ctx: HttpContext) {
    return paymentResource(await scopedPayment(ctx))
  }

  /**
   * POST /api/payments/cash `{visit_id, amount?, method?, service_ids?, workstation_id?}`
   * → 201 the paid payment, and `print` when a workstation was named (PAY-R1).
   */
  async cash(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(cashPaymentValidator)
    const payment = await paymentService.takeAtDesk(input, ctx)
    const print =
      input.workstation_id !== undefined
        ? await printReceipt(payment.id, { workstationId: input.workstation_id, lang: input.lang })
        : null
    if (print) await this.#auditPrint(ctx, payment.id, print)
    ctx.response.status(201)
    return { ...(await paymentResource(payment)), print }
  }

  /** POST /api/payments/init `{provider, amount?, currency?, visit_id?}` → 201 `{payment_id, checkout_url, qr_payload}`. */
  async init(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(initPaymentValidator)
    const payment = await paymentService.init(input, origin(ctx), ctx)
    ctx.response.status(201)
    return initResource(payment)
  }

  /** POST /api/payments/:id/attach-visit `{visit_id}` */
  async attachVisit(ctx: HttpContext) {
    const { visit_id: visitId } = await ctx.request.validateUsing(attachVisitValidator)
    return paymentResource(await paymentService.attachVisit(paymentId(ctx), visitId, ctx))
  }

  /** POST /api/payments/:id/refund `{amount?, reason?}`: full without an amount. */
  async refund(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(refundValidator)
    return paymentResource(await paymentService.refund(paymentId(ctx), input, ctx))
  }

  /** GET /api/payments/:id/receipt.pdf?lang&paper=a5|80 */
  async receiptPdf(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(receiptQueryValidator, { data: ctx.request.qs() })
    await scopedPayment(ctx)
    const view = await receiptView(paymentId(ctx), input.lang)
    const paper =
      input.paper ?? ((await settingsService.get<'a5' | '80'>('payments.receipt.paper')) || 'a5')
    const pdf = await renderReceiptPdf(view, paper)
    await audit(
      {
        event: 'receipt.printed',
        entityType: 'payment',
        entityId: paymentId(ctx),
        after: { format: 'pdf', paper, lang: view.lang },
      },
      ctx
    )
    ctx.response.header('content-type', 'application/pdf')
    ctx.response.header('content-disposition', `inline; filename="receipt-${paymentId(ctx)}.pdf"`)
    ctx.response.header('cache-control', 'no-store')
    return ctx.response.send(pdf)
  }

  /** GET /api/payments/summary?from&to&branch_id: cash vs card vs online per day and branch (REG-R13). */
  async summary(ctx: HttpContext) {
    const { input, rows } = await this.#summaryRows(ctx)
    return { from: input.from, to: input.to, branch_id: input.branch_id ?? null, data: rows }
  }

  /** GET /api/payments/summary.csv?from&to&branch_id&lang */
  async summaryCsv(ctx: HttpContext) {
    const { input, rows, lang } = await this.#summaryRows(ctx)
    ctx.response.header('content-type', 'text/csv; charset=utf-8')
    ctx.response.header(
      'content-disposition',
      `attachment; filename="payments-${input.from}-${input.to}.csv"`
    )
    return ctx.response.send(summaryCsv(rows, lang))
  }

  /** GET /api/payments/summary.pdf?from&to&branch_id&lang */
  async summaryPdf(ctx: HttpContext) {
    const { input, rows, lang } = await this.#summaryRows(ctx)
    const clinic = await settingsService.clinicName()
    ctx.response.header('content-type', 'application/pdf')
    ctx.response.header(
      'content-disposition',
      `inline; filename="payments-${input.from}-${input.to}.pdf"`
    )
    return ctx.response.send(
      await summaryPdf(rows, { from: input.from, to: input.to, clinic }, lang)
    )
  }

  /** A user tied to a branch sees their branch's money only (as on the payments channel). */
  async #summaryRows(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(summaryQueryValidator, { data: ctx.request.qs() })
    input.branch_id = listBranch(ctx, input.branch_id)
    const rows = await paymentSummary(input.from, input.to, input.branch_id)
    return { input, rows, lang: pickLang(input.lang, ctx.i18n.locale) }
  }

  /** POST /api/payments/:id/print `{workstation_id?, lang?}`: the ESC/POS receipt, or the PDF's URL. */
  async print(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(printReceiptValidator)
    await scopedPayment(ctx)
    const outcome = await printReceipt(paymentId(ctx), {
      workstationId: input.workstation_id,
      lang: input.lang,
    })
    await this.#auditPrint(ctx, paymentId(ctx), outcome)
    return { payment_id: paymentId(ctx), ...outcome }
  }

  async #auditPrint(ctx: HttpContext, id: number, outcome: { printed: boolean; lang: string }) {
    await audit(
      {
        event: outcome.printed ? 'receipt.printed' : 'receipt.print_failed',
        entityType: 'payment',
        entityId: id,
        after: { format: 'escpos', ...outcome },
      },
      ctx
    )
  }
}
