import vine from '@vinejs/vine'
import { PAPER_WIDTHS, TICKET_LANGS } from '#services/printing/printing_types'

const id = () => vine.number().withoutDecimals().positive()

/** `?format=escpos|pdf&lang=ru|uz|en&paper=58|80&workstation_id=` of print-ticket. */
export const printTicketQueryValidator = vine.create({
  format: vine.enum(['escpos', 'pdf']).optional(),
  lang: vine.enum(TICKET_LANGS).optional(),
  paper: vine
    .number()
    .in([...PAPER_WIDTHS])
    .optional(),
  workstation_id: id().optional(),
})

/** POST /api/print/ticket: print on the workstation's printer, or say why not. */
export const printTicketValidator = vine.create({
  entry_id: id(),
  workstation_id: id().nullable().optional(),
  lang: vine.enum(TICKET_LANGS).optional(),
})

/** GET /api/queue/poster.pdf?day&specialist_id&lang */
export const posterQueryValidator = vine.create({
  day: vine
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  specialist_id: id(),
  lang: vine.enum(TICKET_LANGS).optional(),
})
