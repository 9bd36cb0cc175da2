import vine from '@vinejs/vine'
import { isoDay, recordId } from '#validators/rules/common'
import { PAPER_WIDTHS, TICKET_LANGS } from '#services/printing/printing_types'
import { templateRule } from '#services/settings/template_rule'

/** `?format=escpos|pdf&lang=ru|uz|en&paper=58|80&workstation_id=` of print-ticket. */
export const printTicketQueryValidator = vine.create({
  format: vine.enum(['escpos', 'pdf']).optional(),
  lang: vine.enum(TICKET_LANGS).optional(),
  paper: vine
    .number()
    .in([...PAPER_WIDTHS])
    .optional(),
  workstation_id: recordId().optional(),
})

/** POST /api/print/ticket: print on the workstation's printer, or say why not. */
export const printTicketValidator = vine.create({
  entry_id: recordId(),
  workstation_id: recordId().nullable().optional(),
  lang: vine.enum(TICKET_LANGS).optional(),
})

/** GET /api/queue/poster.pdf?day&specialist_id&lang */
export const posterQueryValidator = vine.create({
  day: isoDay().optional(),
  specialist_id: recordId(),
  lang: vine.enum(TICKET_LANGS).optional(),
})

/** POST /api/admin/print-templates/:name/preview: an unsaved template, checked like the setting. */
export const templatePreviewValidator = vine.create({
  source: vine.string().maxLength(20_000).use(templateRule()),
  lang: vine.enum(TICKET_LANGS).optional(),
})

/** GET /api/admin/print-templates/:name?lang */
export const templateGuideQueryValidator = vine.create({
  lang: vine.enum(TICKET_LANGS).optional(),
})
