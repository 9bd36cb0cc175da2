import type { PaperWidth } from '#services/printing/printing_types'
import type { TicketView } from '#services/printing/ticket_view'
import pdfService from '#services/printing/pdf_service'
import { renderDocument } from '#services/printing/clinic_templates'

/** What the ticket template gets: the view and the paper width in mm. */
export const ticketContext = (view: TicketView, paper: PaperWidth = 80) => ({
  ...view,
  paperMm: paper,
})

/** The ticket as a narrow HTML page in the clinic's template (or the built-in one). */
export function ticketHtml(view: TicketView, paper: PaperWidth = 80) {
  return renderDocument('ticket', ticketContext(view, paper))
}

/** A ticket page as PDF (REG-E4): 58 or 80 mm wide, one page exactly as tall as the ticket. */
export function ticketPagePdf(html: string, paper: PaperWidth = 80) {
  return pdfService.render(html, { width: `${paper}mm`, height: 'content' })
}

export async function renderTicketPdf(view: TicketView, paper: PaperWidth = 80) {
  return ticketPagePdf(await ticketHtml(view, paper), paper)
}
