import logger from '@adonisjs/core/services/logger'
import Workstation from '#models/workstation'
import { sendToPrinter } from '#services/printing/network_printer'
import type { PaperWidth, TicketLang } from '#services/printing/printing_types'
import { receiptView } from '#services/payments/receipts/receipt_view'
import { encodeReceipt } from '#services/payments/receipts/receipt_escpos'

export type ReceiptPrintOutcome =
  | { printed: true; lang: TicketLang; paper: PaperWidth }
  | {
      printed: false
      reason: 'no_printer' | 'unreachable'
      lang: TicketLang
      pdf_url: string
    }

export function receiptPdfUrl(paymentId: number, lang: TicketLang, paper: 'a5' | '80' = '80') {
  return `/api/payments/${paymentId}/receipt.pdf?lang=${lang}&paper=${paper}`
}

/**
 * Sends the ESC/POS receipt to the workstation's network printer, like a
 * queue ticket (PAY-R1, REG-T9). A printer problem is never an error: the
 * outcome carries the PDF receipt's URL for the "Open print" button.
 */
export async function printReceipt(
  paymentId: number,
  options: { workstationId?: number | null; lang?: TicketLang }
): Promise<ReceiptPrintOutcome> {
  const workstation = options.workstationId ? await Workstation.find(options.workstationId) : null
  const view = await receiptView(paymentId, options.lang ?? workstation?.lang)
  const paper = workstation?.paperWidth ?? 80
  const fallback = (reason: 'no_printer' | 'unreachable') => ({
    printed: false as const,
    reason,
    lang: view.lang,
    pdf_url: receiptPdfUrl(paymentId, view.lang),
  })
  if (!workstation?.printerHost) return fallback('no_printer')
  try {
    const result = await sendToPrinter(
      { host: workstation.printerHost, port: workstation.printerPort },
      encodeReceipt(view, paper)
    )
    if (result.ok) return { printed: true, lang: view.lang, paper }
    logger.warn({ workstation: workstation.id, error: result.error }, 'receipt printer unreachable')
  } catch (error) {
    logger.error({ err: error, workstation: workstation.id }, 'receipt printing failed')
  }
  return fallback('unreachable')
}
