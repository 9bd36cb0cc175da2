import QRCode from 'qrcode'
import { renderTemplate } from '#services/printing/templates'
import pdfService from '#services/printing/pdf_service'
import type { ReceiptPaper, ReceiptView } from '#services/payments/receipts/receipt_view'

/** The receipt page: A5 for the patient's file, 80 mm like the thermal paper. */
export async function receiptHtml(view: ReceiptView, paper: ReceiptPaper) {
  const qrSvg = await QRCode.toString(view.qrText, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 0,
    color: { dark: '#0f172a', light: '#ffffff' },
  })
  return renderTemplate('receipt', { ...view, qrSvg, narrow: paper === '80', paper })
}

export async function renderReceiptPdf(view: ReceiptView, paper: ReceiptPaper) {
  const html = await receiptHtml(view, paper)
  return paper === '80'
    ? pdfService.render(html, { width: '80mm', height: 'content' })
    : pdfService.render(html, { format: 'A5' })
}
