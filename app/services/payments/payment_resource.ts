import QRCode from 'qrcode'
import type Payment from '#models/payment'
import PaymentItem from '#models/payment_item'

/** What the API says about a payment (api-contract "Payments"). */
export async function paymentResource(payment: Payment, items?: PaymentItem[]) {
  const lines = items ?? (await PaymentItem.query().where('payment_id', payment.id).orderBy('id'))
  return {
    id: payment.id,
    payment_id: payment.id,
    visit_id: payment.visitId,
    patient_id: payment.patientId,
    branch_id: payment.branchId,
    provider: payment.provider,
    method: payment.method,
    invoice_id: payment.invoiceId,
    amount: payment.amount,
    refunded_amount: payment.refundedAmount,
    currency: payment.currency,
    status: payment.status,
    checkout_url: payment.checkoutUrl,
    qr_payload: payment.checkoutUrl,
    needs_review: payment.needsReview,
    paid_at: payment.paidAt?.toISO() ?? null,
    created_at: payment.createdAt?.toISO() ?? null,
    items: lines.map((item) => ({
      id: item.id,
      visit_service_id: item.visitServiceId,
      title: item.title,
      qty: item.qty,
      price: item.price,
      total: item.total,
    })),
  }
}

/** The init answer: `{payment_id, checkout_url, qr_payload}` plus the QR as SVG for the desk's screen. */
export async function initResource(payment: Payment) {
  const base = await paymentResource(payment)
  const qrSvg = payment.checkoutUrl
    ? await QRCode.toString(payment.checkoutUrl, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 1,
      })
    : null
  return { ...base, qr_svg: qrSvg }
}
