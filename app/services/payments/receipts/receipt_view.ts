import { DateTime } from 'luxon'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import Patient from '#models/patient'
import Payment from '#models/payment'
import PaymentItem from '#models/payment_item'
import Visit from '#models/visit'
import { AppException } from '#exceptions/app_exception'
import settingsService from '#services/settings/settings_service'
import { formatMoney } from '#services/printing/formatting'
import { pickLang } from '#services/printing/ticket_texts'
import type { TicketLang } from '#services/printing/printing_types'
import { paymentText } from '#services/payments/payment_texts'
import { currentTenantOrFail } from '#tenants/context'
import clinicLogo from '#services/settings/clinic_logo'

export type ReceiptPaper = 'a5' | '80'

/** Everything a receipt prints, already in its language. */
export interface ReceiptView {
  lang: TicketLang
  title: string
  clinic: string
  /** The clinic's logo as a data: URL (PDFs render offline), or null. */
  logo: string | null
  address: string | null
  requisites: string[]
  numberLabel: string
  number: string
  dateLabel: string
  date: string
  patientLabel: string
  patient: string | null
  doctorLabel: string
  doctor: string | null
  items: { title: string; qty: number; price: string; total: string }[]
  itemLabels: { title: string; qty: number | string; price: string; total: string }
  totalLabel: string
  total: string
  refundedLabel: string
  refunded: string | null
  methodLabel: string
  method: string
  statusLabel: string
  status: string
  paymentIdLabel: string
  paymentId: string
  reference: string | null
  footer: string
  /** What the QR encodes: the payment's reference for a later check. */
  qrText: string
}

/**
 * The receipt of a paid (or refunded) payment: the clinic's requisites, the
 * patient and doctor, the lines, the sum, the method and the payment id.
 */
export async function receiptView(paymentId: number, requested?: TicketLang): Promise<ReceiptView> {
  const payment = await Payment.find(paymentId)
  if (!payment) throw new AppException('PAYMENT_NOT_FOUND', 404)
  if (!['paid', 'refunded'].includes(payment.status)) {
    throw new AppException('RECEIPT_NOT_READY', 409, { status: payment.status })
  }
  const [items, visit, branch] = await Promise.all([
    PaymentItem.query().where('payment_id', payment.id).orderBy('id'),
    payment.visitId ? Visit.find(payment.visitId) : null,
    payment.branchId ? Branch.find(payment.branchId) : Branch.findBy('is_default', true),
  ])
  const [patient, doctor] = await Promise.all([
    visit ? Patient.find(visit.patientId) : null,
    visit ? Doctor.find(visit.doctorId) : null,
  ])
  const settings = await settingsService.effective(branch?.id)
  const lang = pickLang(requested, settings.locale)
  const t = (key: string, params?: Record<string, unknown>) =>
    paymentText(lang, `receipt.${key}`, params)
  const money = (minor: number) => formatMoney(minor, payment.currency, lang)
  const zone = (settings.timezone as string) || branch?.timezone || 'Asia/Tashkent'
  const at = (payment.paidAt ?? payment.createdAt ?? DateTime.utc()).setZone(zone)
  const tenant = currentTenantOrFail().tenant
  const requisites = String(settings['payments.receipt.requisites'] ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)

  return {
    lang,
    title: t('title'),
    clinic: (settings['clinic.name'] as string) || tenant.name,
    logo: await clinicLogo.dataUrl(),
    address: branch?.address ?? null,
    requisites,
    numberLabel: t('number'),
    number: String(payment.id),
    dateLabel: t('date'),
    date: at.toFormat('dd.MM.yyyy HH:mm'),
    patientLabel: t('patient'),
    patient: patient ? [patient.fullName, patient.birthYear].filter(Boolean).join(', ') : null,
    doctorLabel: t('doctor'),
    doctor: doctor ? doctor.fullName : null,
    items: items.map((item) => ({
      title: item.title || t('visit_payment', { visit: payment.visitId ?? payment.id }),
      qty: item.qty,
      price: money(item.price),
      total: money(item.total),
    })),
    itemLabels: { title: t('item'), qty: t('qty'), price: t('price'), total: t('sum') },
    totalLabel: t('total'),
    total: money(payment.amount),
    refundedLabel: t('refunded'),
    refunded: payment.refundedAmount > 0 ? money(payment.refundedAmount) : null,
    methodLabel: t('method'),
    method: paymentText(lang, `providers.${payment.provider}`),
    statusLabel: t('status'),
    status: paymentText(lang, `statuses.${payment.status}`),
    paymentIdLabel: t('payment_id'),
    paymentId: `${tenant.slug.toUpperCase()}-${payment.id}`,
    reference: payment.invoiceId,
    footer: t('footer'),
    qrText: `PAY:${tenant.slug}:${payment.id}:${payment.amount}:${payment.currency}:${at.toFormat('yyyyMMddHHmm')}`,
  }
}
