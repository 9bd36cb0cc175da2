import vine from '@vinejs/vine'
import { recordId } from '#validators/rules/common'
import { PAPER_WIDTHS, TICKET_LANGS } from '#services/printing/printing_types'

/** A host name or an IPv4/IPv6 address of a LAN printer, without scheme or port. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[?[0-9A-Fa-f:.]+\]?)$/

const fields = {
  branch_id: recordId(),
  name: vine.string().trim().minLength(1).maxLength(100),
  printer_host: vine.string().trim().maxLength(255).regex(HOST).nullable(),
  printer_port: vine.number().withoutDecimals().range([1, 65535]),
  paper_width: vine.number().in([...PAPER_WIDTHS]),
  lang: vine.enum(TICKET_LANGS),
}

/** POST /api/admin/workstations: branch defaults to the main one. */
export const createWorkstationValidator = vine.create({
  ...fields,
  branch_id: fields.branch_id.optional(),
  printer_host: fields.printer_host.optional(),
  printer_port: fields.printer_port.optional(),
  paper_width: fields.paper_width.optional(),
  lang: fields.lang.optional(),
})

/** PUT /api/admin/workstations/:id: only the fields sent change. */
export const updateWorkstationValidator = vine.create({
  branch_id: fields.branch_id.optional(),
  name: fields.name.optional(),
  printer_host: fields.printer_host.optional(),
  printer_port: fields.printer_port.optional(),
  paper_width: fields.paper_width.optional(),
  lang: fields.lang.optional(),
})
