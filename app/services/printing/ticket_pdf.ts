import type { PaperWidth } from '#services/printing/printing_types'
import type { TicketView } from '#services/printing/ticket_view'
import { renderTemplate } from '#services/printing/templates'
import pdfService from '#services/printing/pdf_service'

/** The ticket as a narrow HTML page, 58 or 80 mm wide like the thermal paper. */
export function ticketHtml(view: TicketView, paper: PaperWidth = 80) {
  return renderTemplate('ticket', { ...view, paperMm: paper })
}

/** The PDF ticket (REG-E4): one page exactly as tall as the ticket. */
export function renderTicketPdf(view: TicketView, paper: PaperWidth = 80) {
  return pdfService.render(ticketHtml(view, paper), { width: `${paper}mm`, height: 'content' })
}
