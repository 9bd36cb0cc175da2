import logger from '@adonisjs/core/services/logger'
import Workstation from '#models/workstation'
import type { PaperWidth, TicketLang } from '#services/printing/printing_types'
import { pickLang } from '#services/printing/ticket_texts'
import { loadTicketData } from '#services/printing/ticket_data'
import { ticketView, type TicketData } from '#services/printing/ticket_view'
import { encodeTicket } from '#services/printing/escpos_ticket'
import { renderTicketPdf } from '#services/printing/ticket_pdf'
import { sendToPrinter } from '#services/printing/network_printer'

export interface TicketRequest {
  entryId: number
  lang?: TicketLang
  paper?: PaperWidth
  workstationId?: number | null
}

export interface ResolvedTicket {
  data: TicketData
  lang: TicketLang
  paper: PaperWidth
  workstation: Workstation | null
}

export type PrintOutcome =
  | { printed: true; lang: TicketLang; paper: PaperWidth }
  | {
      printed: false
      reason: 'no_printer' | 'unreachable'
      lang: TicketLang
      paper: PaperWidth
      pdf_url: string
    }

/**
 * Language and paper of a ticket: what the request names, else the
 * workstation's (REG-T9), else the branch's language on 80 mm paper.
 */
export async function resolveTicket(request: TicketRequest): Promise<ResolvedTicket> {
  const data = await loadTicketData(request.entryId)
  const workstation = request.workstationId ? await Workstation.find(request.workstationId) : null
  return {
    data,
    lang: pickLang(request.lang, workstation?.lang, data.locale),
    paper: request.paper ?? workstation?.paperWidth ?? 80,
    workstation,
  }
}

export function ticketEscpos(ticket: ResolvedTicket) {
  return encodeTicket(ticketView(ticket.data, ticket.lang), { paper: ticket.paper })
}

export function ticketPdf(ticket: ResolvedTicket) {
  return renderTicketPdf(ticketView(ticket.data, ticket.lang), ticket.paper)
}

export function ticketPdfUrl(entryId: number, lang: TicketLang, paper: PaperWidth) {
  return `/api/queue/print-ticket/${entryId}?format=pdf&lang=${lang}&paper=${paper}`
}

/**
 * Sends the ticket to the workstation's network printer. Never throws for a
 * printer problem: without a printer, or when it does not answer, the
 * outcome carries the PDF ticket's URL for the "Open print" button (REG-E4).
 */
export async function printOnWorkstation(ticket: ResolvedTicket): Promise<PrintOutcome> {
  const { workstation, lang, paper } = ticket
  const fallback = (reason: 'no_printer' | 'unreachable') => ({
    printed: false as const,
    reason,
    lang,
    paper,
    pdf_url: ticketPdfUrl(ticket.data.entryId, lang, paper),
  })
  if (!workstation?.printerHost) return fallback('no_printer')
  try {
    const result = await sendToPrinter(
      { host: workstation.printerHost, port: workstation.printerPort },
      ticketEscpos(ticket)
    )
    if (result.ok) return { printed: true, lang, paper }
    logger.warn(
      { workstation: workstation.id, host: workstation.printerHost, error: result.error },
      'ticket printer unreachable'
    )
  } catch (error) {
    logger.error({ err: error, workstation: workstation.id }, 'ticket printing failed')
  }
  return fallback('unreachable')
}
