import ExcelJS from 'exceljs'
import { DateTime } from 'luxon'
import type { I18n } from '@adonisjs/i18n'
import settingsService from '#services/settings/settings_service'
import { formatMoney, formatShortDay } from '#services/printing/formatting'
import type { TicketLang } from '#services/printing/printing_types'
import { renderAdminPdf } from '#services/admin/admin_document'
import type { ScheduleDay } from '#services/admin/schedule_service'
import type { serializeExpense } from '#services/admin/expense_service'
import type { serializePayroll } from '#services/admin/payroll_service'

type ExpenseRow = ReturnType<typeof serializeExpense>
type PayrollRow = ReturnType<typeof serializePayroll>

const langOf = (i18n: I18n) =>
  (['ru', 'uz', 'en'].includes(i18n.locale) ? i18n.locale : 'ru') as TicketLang

async function header(i18n: I18n) {
  const zone = await settingsService.get<string>('timezone')
  const clinic = await settingsService.clinicName()
  const at = DateTime.now().setZone(zone).toFormat('dd.MM.yyyy HH:mm')
  return { clinic, generated: i18n.t('admin.documents.generated', { at }) }
}

/** The weekly schedule of a doctor as an A4 PDF (ADM-R4). */
export async function schedulePdf(
  doctor: { full_name: string; specialty: string; cabinet: string | null },
  days: ScheduleDay[],
  i18n: I18n
) {
  const byDay = new Map(days.map((day) => [day.weekday, day]))
  return renderAdminPdf({
    lang: langOf(i18n),
    ...(await header(i18n)),
    title: i18n.t('admin.schedule.pdf_title', { name: doctor.full_name }),
    subtitle: [
      i18n.t(`ui.specialties.${doctor.specialty}`, {}, doctor.specialty),
      doctor.cabinet ? i18n.t('admin.doctors.cabinet_no', { cabinet: doctor.cabinet }) : null,
    ]
      .filter(Boolean)
      .join(' · '),
    columns: [
      { label: i18n.t('admin.schedule.weekday') },
      { label: i18n.t('admin.schedule.hours') },
      { label: i18n.t('admin.schedule.breaks') },
    ],
    rows: [1, 2, 3, 4, 5, 6, 7].map((weekday) => {
      const day = byDay.get(weekday)
      return {
        off: !day,
        cells: [
          i18n.t(`admin.weekdays.${weekday}`),
          day ? `${day.start}–${day.end}` : i18n.t('admin.schedule.day_off'),
          day?.breaks?.map((item) => `${item.start}–${item.end}`).join(', ') || '—',
        ],
      }
    }),
    empty: '',
  })
}

function expenseTotals(rows: ExpenseRow[], lang: TicketLang) {
  const sums = new Map<string, number>()
  for (const row of rows) sums.set(row.currency, (sums.get(row.currency) ?? 0) + row.amount)
  return [...sums.entries()].map(([currency, amount]) => formatMoney(amount, currency, lang))
}

function periodText(i18n: I18n, filters: { from?: string; to?: string; category?: string }) {
  return [
    filters.from || filters.to
      ? `${filters.from ? formatShortDay(filters.from) : '…'} – ${filters.to ? formatShortDay(filters.to) : '…'}`
      : null,
    filters.category ? i18n.t(`admin.expenses.categories.${filters.category}`) : null,
  ]
    .filter(Boolean)
    .join(' · ')
}

/** The expenses journal as an Excel workbook: real numbers and dates, a total row. */
export async function expensesXlsx(
  rows: ExpenseRow[],
  i18n: I18n,
  filters: { from?: string; to?: string; category?: string }
) {
  const workbook = new ExcelJS.Workbook()
  workbook.created = new Date()
  const sheet = workbook.addWorksheet(i18n.t('admin.expenses.title'))
  sheet.columns = [
    {
      header: i18n.t('admin.expenses.fields.spent_on'),
      key: 'spent_on',
      width: 14,
      style: { numFmt: 'dd.mm.yyyy' },
    },
    { header: i18n.t('admin.expenses.fields.category'), key: 'category', width: 18 },
    {
      header: i18n.t('admin.expenses.fields.amount'),
      key: 'amount',
      width: 16,
      style: { numFmt: '#,##0.00' },
    },
    { header: i18n.t('admin.expenses.fields.currency'), key: 'currency', width: 10 },
    { header: i18n.t('admin.expenses.fields.note'), key: 'note', width: 50 },
  ]
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    sheet.addRow({
      spent_on: new Date(`${row.spent_on}T00:00:00Z`),
      category: i18n.t(`admin.expenses.categories.${row.category}`),
      amount: row.amount / 100,
      currency: row.currency,
      note: row.note ?? '',
    })
  }
  const total = sheet.addRow({
    category: i18n.t('admin.documents.total'),
    amount: rows.reduce((sum, row) => sum + row.amount, 0) / 100,
  })
  total.font = { bold: true }
  const period = periodText(i18n, filters)
  if (period) sheet.headerFooter.oddHeader = period
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export async function expensesPdf(
  rows: ExpenseRow[],
  i18n: I18n,
  filters: { from?: string; to?: string; category?: string }
) {
  const lang = langOf(i18n)
  return renderAdminPdf({
    lang,
    ...(await header(i18n)),
    title: i18n.t('admin.expenses.title'),
    subtitle: periodText(i18n, filters),
    columns: [
      { label: i18n.t('admin.expenses.fields.spent_on') },
      { label: i18n.t('admin.expenses.fields.category') },
      { label: i18n.t('admin.expenses.fields.note') },
      { label: i18n.t('admin.expenses.fields.amount'), numeric: true },
    ],
    rows: rows.map((row) => ({
      cells: [
        formatShortDay(row.spent_on),
        i18n.t(`admin.expenses.categories.${row.category}`),
        row.note ?? '',
        formatMoney(row.amount, row.currency, lang),
      ],
    })),
    empty: i18n.t('admin.expenses.empty'),
    totals: expenseTotals(rows, lang).map((value) => ({
      label: i18n.t('admin.documents.total'),
      value,
    })),
  })
}

/** A doctor's payslip for one payroll entry: the services, their percent and the share. */
export async function payslipPdf(entry: PayrollRow, i18n: I18n) {
  const lang = langOf(i18n)
  const money = (minor: number) => formatMoney(minor, entry.currency, lang)
  return renderAdminPdf({
    lang,
    ...(await header(i18n)),
    title: i18n.t('admin.payroll.payslip_title'),
    subtitle: `${formatShortDay(entry.period_start)} – ${formatShortDay(entry.period_end)}`,
    facts: [
      { label: i18n.t('admin.payroll.fields.doctor'), value: entry.doctor_name ?? '' },
      { label: i18n.t('admin.payroll.fields.visits'), value: String(entry.visits_count) },
      {
        label: i18n.t('admin.payroll.fields.status'),
        value: i18n.t(`admin.payroll.statuses.${entry.status}`),
      },
    ],
    columns: [
      { label: i18n.t('admin.payroll.fields.service') },
      { label: i18n.t('admin.payroll.fields.qty'), numeric: true },
      { label: i18n.t('admin.payroll.fields.base'), numeric: true },
      { label: i18n.t('admin.payroll.fields.percent'), numeric: true },
      { label: i18n.t('admin.payroll.fields.share'), numeric: true },
    ],
    rows: entry.lines.map((line) => ({
      cells: [
        line.service_id === null ? i18n.t('admin.payroll.visit_line') : line.title,
        line.qty,
        money(line.total),
        `${line.percent}%`,
        money(line.share),
      ],
    })),
    empty: i18n.t('admin.payroll.no_lines'),
    totals: [
      { label: i18n.t('admin.payroll.fields.base'), value: money(entry.base_amount) },
      { label: i18n.t('admin.payroll.fields.amount'), value: money(entry.amount) },
    ],
    signatures: [i18n.t('admin.payroll.sign_issued'), i18n.t('admin.payroll.sign_received')],
  })
}
