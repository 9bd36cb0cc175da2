import QRCode from 'qrcode'
import pdfService from '#services/printing/pdf_service'
import { renderDocument } from '#services/printing/clinic_templates'
import type { ReceiptPaper, ReceiptView } from '#services/payments/receipts/receipt_view'

/** What the receipt template gets: the view, the QR as SVG markup and the paper. */
export async function receiptContext(view: ReceiptView, paper: ReceiptPaper) {
  const qrSvg = await QRCode.toString(view.qrText, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 0,
    color: { dark: '#0f172a', light: '#ffffff' },
  })
  return { ...view, qrSvg, narrow: paper === '80', paper }
}

/** The receipt page in the clinic's template (or the built-in one). */
export async function receiptHtml(view: ReceiptView, paper: ReceiptPaper) {
  return renderDocument('receipt', await receiptContext(view, paper))
}

/** A receipt page as PDF: A5 for the patient's file, 80 mm like the thermal paper. */
export function receiptPagePdf(html: string, paper: ReceiptPaper) {
  return paper === '80'
    ? pdfService.render(html, { width: '80mm', height: 'content' })
    : pdfService.render(html, { format: 'A5' })
}

export async function renderReceiptPdf(view: ReceiptView, paper: ReceiptPaper) {
  return receiptPagePdf(await receiptHtml(view, paper), paper)
}
