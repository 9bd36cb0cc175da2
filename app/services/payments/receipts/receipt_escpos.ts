import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder'
import { COLUMNS, toPrinterText } from '#services/printing/escpos_ticket'
import type { PaperWidth } from '#services/printing/printing_types'
import type { ReceiptView } from '#services/payments/receipts/receipt_view'

function spread(left: string, right: string, columns: number) {
  const room = columns - right.length - 1
  const head = left.length > room ? left.slice(0, Math.max(0, room)) : left
  return head + ' '.repeat(Math.max(1, columns - head.length - right.length)) + right
}

/**
 * The cash receipt as ESC/POS bytes (same code page and printers as the
 * queue tickets): clinic and requisites, number and time, the lines with
 * their sums, the total in double size, the method, the payment id and a QR.
 */
export function encodeReceipt(view: ReceiptView, paper: PaperWidth): Uint8Array {
  const columns = COLUMNS[paper]
  const p = toPrinterText
  const e = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns,
    codepageMapping: 'epson',
    feedBeforeCut: 4,
    newline: '\n',
  })
  e.initialize().codepage('cp866')
  e.align('center').bold(true).line(p(view.clinic)).bold(false)
  if (view.address) e.line(p(view.address))
  for (const line of view.requisites) e.line(p(line))
  e.rule({ style: 'single' })
  e.bold(true).line(p(view.title.toUpperCase())).bold(false)
  e.align('left')
  e.line(spread(p(`${view.numberLabel} ${view.number}`), p(view.date), columns))
  if (view.patient) e.line(p(`${view.patientLabel}: ${view.patient}`))
  if (view.doctor) e.line(p(`${view.doctorLabel}: ${view.doctor}`))
  if (view.visit) e.line(p(`${view.visitLabel}: ${view.visit}`))
  e.rule({ style: 'single' })
  for (const item of view.items) {
    e.line(p(item.title))
    e.line(spread(p(`  ${item.qty} x ${item.price}`), p(item.total), columns))
  }
  e.rule({ style: 'double' })
  e.bold(true)
    .line(spread(p(view.totalLabel), p(view.total), columns))
    .bold(false)
  if (view.refunded) e.line(spread(p(view.refundedLabel), p(view.refunded), columns))
  e.line(spread(p(view.methodLabel), p(view.method), columns))
  e.align('center').newline().qrcode(view.qrText, { model: 2, size: 5, errorlevel: 'm' })
  e.newline().line(p(view.footer))
  return e.cut('partial').encode()
}
