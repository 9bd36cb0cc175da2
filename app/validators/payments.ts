import vine from '@vinejs/vine'
import { isoDay, recordId } from '#validators/rules/common'
import { TICKET_LANGS } from '#services/printing/printing_types'
import { ONLINE_PROVIDERS } from '#models/payment'

/** Minor units, at most 10^13 (what a bigint column and JS numbers hold exactly). */
const minorAmount = () => vine.number().withoutDecimals().positive().max(10_000_000_000_000)

/** POST /api/payments/cash: cash or the card terminal at the desk. */
export const cashPaymentValidator = vine.create({
  visit_id: recordId(),
  amount: minorAmount().optional(),
  method: vine.enum(['cash', 'card']).optional(),
  /** The visit's service lines this payment (and its receipt) covers. */
  service_ids: vine.array(recordId()).distinct().maxLength(100).optional(),
  /** Print the ESC/POS receipt on this workstation's printer right away. */
  workstation_id: recordId().nullable().optional(),
  lang: vine.enum(TICKET_LANGS).optional(),
})

/** POST /api/payments/init: an online payment. */
export const initPaymentValidator = vine.create({
  provider: vine.enum(ONLINE_PROVIDERS),
  amount: minorAmount().optional().requiredIfMissing('visit_id'),
  currency: vine.enum(['UZS', 'KZT', 'RUB', 'USD']).optional(),
  visit_id: recordId().optional(),
  service_ids: vine.array(recordId()).distinct().maxLength(100).optional(),
})

export const attachVisitValidator = vine.create({ visit_id: recordId() })

export const refundValidator = vine.create({
  amount: minorAmount().optional(),
  reason: vine.string().trim().maxLength(300).optional(),
})

/** GET /api/payments/:id/receipt.pdf?lang&paper */
export const receiptQueryValidator = vine.create({
  lang: vine.enum(TICKET_LANGS).optional(),
  paper: vine.enum(['a5', '80']).optional(),
})

/** POST /api/payments/:id/print {workstation_id?, lang?} */
export const printReceiptValidator = vine.create({
  workstation_id: recordId().nullable().optional(),
  lang: vine.enum(TICKET_LANGS).optional(),
})

/** GET /api/payments?visit_id | date&branch_id */
export const listPaymentsValidator = vine.create({
  visit_id: recordId().optional(),
  date: isoDay().optional(),
  status: vine.enum(['created', 'pending', 'paid', 'canceled', 'failed', 'refunded']).optional(),
})

/** GET /api/payments/summary?from&to&branch_id (+ .csv/.pdf) */
export const summaryQueryValidator = vine.create({
  from: isoDay(),
  to: isoDay(),
  branch_id: recordId().optional(),
  lang: vine.enum(TICKET_LANGS).optional(),
})
