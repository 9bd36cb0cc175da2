import { FieldErrors } from '#exceptions/field_errors'
import type { TicketLang } from '#services/printing/printing_types'
import {
  builtInSource,
  renderClinicTemplate,
  type ClinicTemplateName,
} from '#services/printing/templates'
import { sampleTicketData, ticketView } from '#services/printing/ticket_view'
import { ticketContext, ticketPagePdf } from '#services/printing/ticket_pdf'
import { sampleReceiptView } from '#services/payments/receipts/receipt_view'
import { receiptContext, receiptPagePdf } from '#services/payments/receipts/receipt_pdf'

/** One value a template can print: `{{name}}`, `{{{name}}}` (markup) or a list for `{{#each name}}`. */
export interface TemplateVariable {
  name: string
  example: string
  /** Markup (`{{{name}}}`): the QR, the styles. */
  raw?: boolean
  /** A list: the fields each element has. */
  fields?: string[]
}

/** Context values that are markup, printed with triple braces. */
const MARKUP = new Set(['qrSvg', 'baseStyles'])

/** Made-up data shaped exactly like a real document's, and how that document becomes a PDF. */
async function sampleOf(name: ClinicTemplateName, lang: TicketLang) {
  if (name === 'receipt') {
    return {
      context: await receiptContext(sampleReceiptView(lang), 'a5'),
      toPdf: (html: string) => receiptPagePdf(html, 'a5'),
    }
  }
  return {
    context: ticketContext(ticketView(sampleTicketData({ locale: lang }), lang), 80),
    toPdf: (html: string) => ticketPagePdf(html, 80),
  }
}

/** `{name: value}` → the variables list the admin panel shows next to the template field. */
function variablesOf(context: Record<string, unknown>): TemplateVariable[] {
  const variables: TemplateVariable[] = [
    { name: 'baseStyles', example: '<style>…</style>', raw: true },
  ]
  for (const [name, value] of Object.entries(context)) {
    if (Array.isArray(value)) {
      const first = value[0]
      const fields = first && typeof first === 'object' ? Object.keys(first) : []
      variables.push({ name, example: fields.length ? '' : value.join(', '), fields })
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        variables.push({ name: `${name}.${key}`, example: String(inner ?? '') })
      }
    } else if (MARKUP.has(name)) {
      variables.push({ name, example: '<svg>…</svg>', raw: true })
    } else {
      variables.push({ name, example: value === null || value === undefined ? '' : String(value) })
    }
  }
  return variables
}

/** The built-in source and the variables of a document's template (the admin's starting point). */
export async function templateGuide(name: ClinicTemplateName, lang: TicketLang) {
  const { context } = await sampleOf(name, lang)
  return { name, source: builtInSource(name), variables: variablesOf(context) }
}

/**
 * An unsaved template (its syntax already checked by the validator) rendered
 * with sample data into a PDF. One that fails on the data (an unknown partial
 * or helper) answers 422 `templateRender` on `source`; nothing is saved.
 */
export async function previewPdf(name: ClinicTemplateName, source: string, lang: TicketLang) {
  const { context, toPdf } = await sampleOf(name, lang)
  let html: string
  try {
    html = renderClinicTemplate(source, context)
  } catch (error) {
    throw FieldErrors.of('source', 'templateRender', { reason: (error as Error).message })
  }
  return toPdf(html)
}
