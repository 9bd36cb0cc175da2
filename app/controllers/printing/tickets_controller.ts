import type { HttpContext } from '@adonisjs/core/http'
import type { PaperWidth } from '#services/printing/printing_types'
import { printTicketQueryValidator, printTicketValidator } from '#validators/printing'
import {
  printOnWorkstation,
  resolveTicket,
  ticketEscpos,
  ticketPdf,
} from '#services/printing/ticket_printing'
import { audit } from '#services/audit_service'
import { assertEntryBranch } from '#services/branch_scope'

/** Queue tickets (spec §1.7, REG-R2, REG-E4): bytes for a printer, or a PDF. */
export default class TicketsController {
  /**
   * GET|POST /api/queue/print-ticket/:entryId?format=escpos|pdf&lang&paper.
   * POST answers ESC/POS unless `format=pdf`; GET (the "Open print" window) a PDF.
   */
  async show(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(printTicketQueryValidator, {
      data: ctx.request.qs(),
    })
    const format = input.format ?? (ctx.request.method() === 'GET' ? 'pdf' : 'escpos')
    await assertEntryBranch(ctx, ctx.params.entryId)
    const ticket = await resolveTicket({
      entryId: Number(ctx.params.entryId),
      lang: input.lang,
      paper: input.paper as PaperWidth | undefined,
      workstationId: input.workstation_id,
    })
    const body = format === 'pdf' ? await ticketPdf(ticket) : Buffer.from(ticketEscpos(ticket))

    await audit(
      {
        event: 'ticket.printed',
        entityType: 'queue_entry',
        entityId: ticket.data.entryId,
        after: {
          number: ticket.data.number,
          format,
          lang: ticket.lang,
          paper: ticket.paper,
          workstation_id: ticket.workstation?.id ?? null,
        },
      },
      ctx
    )

    const name = `ticket-${ticket.data.ticket}`
    ctx.response.header('cache-control', 'no-store')
    if (format === 'pdf') {
      ctx.response.header('content-type', 'application/pdf')
      ctx.response.header('content-disposition', `inline; filename="${name}.pdf"`)
    } else {
      ctx.response.header('content-type', 'application/octet-stream')
      ctx.response.header('content-disposition', `attachment; filename="${name}.bin"`)
    }
    return ctx.response.send(body)
  }

  /**
   * POST /api/print/ticket {entry_id, workstation_id?, lang?}: prints on the
   * workstation's printer → `{printed: true}`; otherwise `{printed: false,
   * reason, pdf_url}`. A printer problem is never an error response.
   */
  async print(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(printTicketValidator)
    await assertEntryBranch(ctx, input.entry_id)
    const ticket = await resolveTicket({
      entryId: input.entry_id,
      lang: input.lang,
      workstationId: input.workstation_id,
    })
    const outcome = await printOnWorkstation(ticket)
    /* A failed attempt is recorded too; the PDF opened afterwards writes its own row. */
    await audit(
      {
        event: outcome.printed ? 'ticket.printed' : 'ticket.print_failed',
        entityType: 'queue_entry',
        entityId: ticket.data.entryId,
        after: {
          number: ticket.data.number,
          format: 'escpos',
          channel: 'network',
          printed: outcome.printed,
          reason: outcome.printed ? null : outcome.reason,
          lang: ticket.lang,
          paper: ticket.paper,
          workstation_id: ticket.workstation?.id ?? null,
        },
      },
      ctx
    )
    return {
      entry_id: ticket.data.entryId,
      number: ticket.data.number,
      workstation_id: ticket.workstation?.id ?? null,
      ...outcome,
    }
  }
}
