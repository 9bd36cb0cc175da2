import { DateTime } from 'luxon'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import Patient from '#models/patient'
import Payment from '#models/payment'
import PaymentItem from '#models/payment_item'
import Visit from '#models/visit'
import QueueEntry from '#models/queue_entry'
import { AppException } from '#exceptions/app_exception'
import settingsService, { clinicNameOf } from '#services/settings/settings_service'
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
  /** The visit as the patient knows it: its day and ticket ("02.03.2026, талон №T-1"). */
  visitLabel: string
  visit: string | null
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
  const [patient, doctor, entry] = await Promise.all([
    visit ? Patient.find(visit.patientId) : null,
    visit ? Doctor.find(visit.doctorId) : null,
    visit
      ? QueueEntry.query()
          .where('visit_id', visit.id)
          .whereNot('status', 'transferred')
          .orderBy('id', 'desc')
          .first()
      : null,
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
    ...receiptLabels(lang),
    lang,
    clinic: clinicNameOf(settings),
    logo: await clinicLogo.dataUrl(),
    address: branch?.address ?? null,
    requisites,
    number: String(payment.id),
    date: at.toFormat('dd.MM.yyyy HH:mm'),
    patient: patient ? [patient.fullName, patient.birthYear].filter(Boolean).join(', ') : null,
    doctor: doctor ? doctor.fullName : null,
    visit: visit ? visitLine(visit.date, entry?.ticket ?? null, t) : null,
    items: items.map((item) => ({
      title:
        item.title || (doctor ? t('visit_payment', { doctor: doctor.fullName }) : t('payment')),
      qty: item.qty,
      price: money(item.price),
      total: money(item.total),
    })),
    total: money(payment.amount),
    refunded: payment.refundedAmount > 0 ? money(payment.refundedAmount) : null,
    method: paymentText(lang, `providers.${payment.provider}`),
    status: paymentText(lang, `statuses.${payment.status}`),
    paymentId: `${tenant.slug.toUpperCase()}-${payment.id}`,
    reference: payment.invoiceId,
    qrText: `PAY:${tenant.slug}:${payment.id}:${payment.amount}:${payment.currency}:${at.toFormat('yyyyMMddHHmm')}`,
  }
}

/** "12.03.2026, ticket №K-17": the visit's day and the ticket the patient held. */
function visitLine(
  day: string,
  ticket: string | null,
  t: (key: string, params?: Record<string, unknown>) => string
) {
  const date = DateTime.fromISO(day).toFormat('dd.MM.yyyy')
  return ticket ? t('visit_with_ticket', { date, ticket }) : date
}

/** The fixed words of a receipt in `lang`. */
function receiptLabels(lang: TicketLang) {
  const t = (key: string) => paymentText(lang, `receipt.${key}`)
  return {
    title: t('title'),
    numberLabel: t('number'),
    dateLabel: t('date'),
    patientLabel: t('patient'),
    doctorLabel: t('doctor'),
    visitLabel: t('visit'),
    itemLabels: { title: t('item'), qty: t('qty'), price: t('price'), total: t('sum') },
    totalLabel: t('total'),
    refundedLabel: t('refunded'),
    methodLabel: t('method'),
    statusLabel: t('status'),
    paymentIdLabel: t('payment_id'),
    footer: t('footer'),
  }
}

/** A made-up paid receipt for previews of a clinic's receipt template. */
export function sampleReceiptView(lang: TicketLang): ReceiptView {
  const money = (minor: number) => formatMoney(minor, 'UZS', lang)
  return {
    ...receiptLabels(lang),
    lang,
    clinic: 'Клиника «Шифо-Мед»',
    logo: null,
    address: 'Ташкент, ул. Амира Темура, 15',
    requisites: ['ИНН 301234567', 'р/с 20208000900123456789'],
    number: '1024',
    date: '12.03.2026 09:15',
    patient: 'Каримова Дилноза Рустамовна, 1985',
    doctor: 'Юсупов Азиз Шухратович',
    visit: visitLine('2026-03-12', 'K-17', (key, params) =>
      paymentText(lang, `receipt.${key}`, params)
    ),
    items: [
      {
        title: 'Консультация кардиолога',
        qty: 1,
        price: money(250_000_00),
        total: money(250_000_00),
      },
      { title: 'ЭхоКГ', qty: 1, price: money(300_000_00), total: money(300_000_00) },
    ],
    total: money(550_000_00),
    refunded: null,
    method: paymentText(lang, 'providers.cash'),
    status: paymentText(lang, 'statuses.paid'),
    paymentId: 'DEMO-1024',
    reference: null,
    qrText: 'PAY:demo:1024:55000000:UZS:202603120915',
  }
}
