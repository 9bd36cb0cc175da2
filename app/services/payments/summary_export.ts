import type { TicketLang } from '#services/printing/printing_types'
import { formatMoney, formatShortDay } from '#services/printing/formatting'
import { renderTemplate } from '#services/printing/templates'
import pdfService from '#services/printing/pdf_service'
import { paymentText } from '#services/payments/payment_texts'
import type { SummaryRow } from '#services/payments/payment_summary'

const COLUMNS = [
  'day',
  'branch',
  'currency',
  'count',
  'cash',
  'card',
  'online',
  'refunds',
  'cash_refunds',
  'drawer',
  'total',
] as const
const MONEY = new Set(['cash', 'card', 'online', 'refunds', 'cash_refunds', 'drawer', 'total'])

function cell(value: unknown) {
  const text = value === null || value === undefined ? '' : String(value)
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** CSV for Excel (UTF-8 BOM, `;`), sums in major units with two decimals. */
export function summaryCsv(rows: SummaryRow[], lang: TicketLang) {
  const header = COLUMNS.map((c) => cell(paymentText(lang, `summary.columns.${c}`))).join(';')
  const lines = rows.map((row) =>
    COLUMNS.map((c) => cell(MONEY.has(c) ? (Number(row[c]) / 100).toFixed(2) : row[c])).join(';')
  )
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`
}

/** The same table as an A4 PDF with totals per currency. */
export function summaryPdf(
  rows: SummaryRow[],
  period: { from: string; to: string; clinic: string },
  lang: TicketLang
) {
  const money = (minor: number, currency: string) => formatMoney(minor, currency, lang)
  const totals = new Map<string, SummaryRow>()
  for (const row of rows) {
    const sum = totals.get(row.currency) ?? {
      ...row,
      day: '',
      branch: '',
      cash: 0,
      card: 0,
      online: 0,
      refunds: 0,
      cash_refunds: 0,
      drawer: 0,
      total: 0,
      count: 0,
    }
    for (const key of [
      'cash',
      'card',
      'online',
      'refunds',
      'cash_refunds',
      'drawer',
      'total',
      'count',
    ] as const)
      sum[key] += row[key]
    totals.set(row.currency, sum)
  }
  const view = (row: SummaryRow) => ({
    day: row.day ? formatShortDay(row.day) : '',
    branch: row.branch,
    count: row.count,
    cash: money(row.cash, row.currency),
    card: money(row.card, row.currency),
    online: money(row.online, row.currency),
    refunds: row.refunds ? money(row.refunds, row.currency) : '',
    cash_refunds: row.cash_refunds ? money(row.cash_refunds, row.currency) : '',
    drawer: money(row.drawer, row.currency),
    total: money(row.total, row.currency),
  })
  const html = renderTemplate('receipt_summary', {
    lang,
    title: paymentText(lang, 'summary.title'),
    clinic: period.clinic,
    period:
      period.from === period.to
        ? formatShortDay(period.from)
        : `${formatShortDay(period.from)} — ${formatShortDay(period.to)}`,
    labels: Object.fromEntries(COLUMNS.map((c) => [c, paymentText(lang, `summary.columns.${c}`)])),
    totalLabel: paymentText(lang, 'summary.totals'),
    empty: paymentText(lang, 'summary.empty'),
    rows: rows.map(view),
    totals: [...totals.values()].map(view),
  })
  return pdfService.render(html, { format: 'A4', landscape: true })
}
