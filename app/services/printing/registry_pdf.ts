import type { TicketLang } from '#services/printing/printing_types'
import { optionalText, ticketTranslator } from '#services/printing/ticket_texts'
import { formatLongDay, formatMoney } from '#services/printing/formatting'
import { renderTemplate } from '#services/printing/templates'
import pdfService from '#services/printing/pdf_service'

/** The fields of a registry row (registry_query.ts) the day export prints. */
export interface ExportRow {
  number: number | null
  /** "T-12" (the number with its queue's letter), null without a ticket. */
  ticket: string | null
  patient_name: string | null
  birth_year: number | null
  phone: string | null
  address: string | null
  doctor_name: string
  cabinet: string | null
  type: string | null
  payment_type: string | null
  payment_status: string
  total: number | null
  currency: string | null
  status: string
  services: { title: string; qty: number; price?: number }[]
}

export interface ExportContext {
  lang: TicketLang
  clinic: string
  day: string
  /** "Doctor: …, Status: …": the filters the export was made with, already translated. */
  filters: string[]
  /** "22.11.2026 08:14" in the branch's zone. */
  generatedAt: string
  defaultCurrency: string
}

const optional = (lang: TicketLang, group: string, value: string | null) =>
  value ? (optionalText(lang, `registry.${group}.${value}`) ?? value) : ''

/** HTML of the day's registry table (REG-R13), A4 landscape. */
export function registryExportHtml(rows: ExportRow[], context: ExportContext) {
  const { lang } = context
  const t = ticketTranslator(lang)
  const totals = new Map<string, { all: number; paid: number }>()
  for (const row of rows) {
    if (row.total === null || row.status === 'canceled') continue
    const currency = row.currency ?? context.defaultCurrency
    const sum = totals.get(currency) ?? { all: 0, paid: 0 }
    sum.all += row.total
    if (row.payment_status === 'paid') sum.paid += row.total
    totals.set(currency, sum)
  }

  return renderTemplate('registry_export', {
    lang,
    clinic: context.clinic,
    title: t('registry.title', { date: formatLongDay(context.day, lang) }),
    generated: t('registry.generated', { at: context.generatedAt }),
    filtersLabel: t('registry.filters'),
    filters: context.filters.join(' · '),
    rowsText: t('registry.rows', { count: rows.length }),
    empty: t('registry.empty'),
    columns: Object.fromEntries(
      [
        'number',
        'patient',
        'birth_year',
        'phone',
        'specialist',
        'type',
        'services',
        'payment_type',
        'payment_status',
        'total',
        'status',
      ].map((key) => [key, t(`registry.columns.${key}`)])
    ),
    rows: rows.map((row) => ({
      number: row.ticket ?? '',
      patient: row.patient_name ?? '',
      address: row.address,
      birthYear: row.birth_year ?? '',
      phone: row.phone ?? '',
      doctor: row.doctor_name,
      cabinet: row.cabinet ? `${t('cabinet')} ${row.cabinet}` : null,
      type: optional(lang, 'types', row.type),
      services: row.services.map((line) =>
        line.qty > 1 ? `${line.title} ×${line.qty}` : line.title
      ),
      paymentType: optional(lang, 'payment_types', row.payment_type),
      paymentStatus: optional(lang, 'payment_statuses', row.payment_status),
      paid: row.payment_status === 'paid',
      total: formatMoney(row.total, row.currency ?? context.defaultCurrency, lang),
      status: optional(lang, 'statuses', row.status),
      canceled: row.status === 'canceled' || row.status === 'no_show',
    })),
    totals: [...totals.entries()].flatMap(([currency, sum]) => [
      { label: t('registry.total'), amount: formatMoney(sum.all, currency, lang) },
      { label: t('registry.paid_total'), amount: formatMoney(sum.paid, currency, lang) },
    ]),
  })
}

export function renderRegistryPdf(rows: ExportRow[], context: ExportContext) {
  const t = ticketTranslator(context.lang)
  return pdfService.render(registryExportHtml(rows, context), {
    format: 'A4',
    landscape: true,
    margin: { top: '8mm', right: '8mm', bottom: '12mm', left: '8mm' },
    displayHeaderFooter: true,
    footerTemplate: `<div style="width:100%;font-family:'Liberation Sans',Arial,sans-serif;font-size:7pt;color:#64748b;padding:0 8mm;display:flex;justify-content:space-between"><span>${escapeHtml(context.clinic)}</span><span>${escapeHtml(t('registry.page'))} <span class="pageNumber"></span> ${escapeHtml(t('registry.of'))} <span class="totalPages"></span></span></div>`,
  })
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
