import { readFileSync } from 'node:fs'
import Handlebars from 'handlebars'
import pdfService from '#services/printing/pdf_service'

/**
 * One printed layout for the admin panel's documents (weekly schedule,
 * expenses, payslip): a title, facts, a table, totals and signature lines.
 * Values are HTML-escaped by Handlebars.
 */
export interface AdminDocument {
  lang: string
  clinic: string
  title: string
  subtitle?: string
  generated: string
  facts?: { label: string; value: string }[]
  columns: { label: string; numeric?: boolean }[]
  rows: { cells: (string | number)[]; off?: boolean }[]
  empty: string
  totals?: { label: string; value: string }[]
  signatures?: string[]
  landscape?: boolean
}

const TEMPLATE_DIR = new URL('../../../resources/templates/', import.meta.url)
const engine = Handlebars.create()
engine.registerHelper('when', (condition: unknown, value: string) => (condition ? value : ''))
let compiled: Handlebars.TemplateDelegate | null = null
let baseStyles: string | null = null

export function adminDocumentHtml(doc: AdminDocument) {
  compiled ??= engine.compile(readFileSync(new URL('admin_document.hbs', TEMPLATE_DIR), 'utf8'), {
    strict: false,
    preventIndent: true,
  })
  baseStyles ??= `<style>\n${readFileSync(new URL('base.css', TEMPLATE_DIR), 'utf8')}</style>`
  return compiled({
    ...doc,
    baseStyles,
    facts: doc.facts ?? [],
    totals: doc.totals ?? [],
    signatures: doc.signatures ?? [],
    rows: doc.rows.map((row) => ({
      off: row.off,
      cells: row.cells.map((text, index) => ({ text, numeric: doc.columns[index]?.numeric })),
    })),
  })
}

export function renderAdminPdf(doc: AdminDocument) {
  return pdfService.render(adminDocumentHtml(doc), {
    format: 'A4',
    landscape: doc.landscape ?? false,
    margin: { top: '10mm', right: '10mm', bottom: '12mm', left: '10mm' },
  })
}
