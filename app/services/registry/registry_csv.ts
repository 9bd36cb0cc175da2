import type { I18n } from '@adonisjs/i18n'
import type { RegistryRow } from '#services/registry/registry_query'

const COLUMNS = [
  'number',
  'patient_name',
  'birth_year',
  'phone',
  'address',
  'doctor_name',
  'cabinet',
  'type',
  'services',
  'payment_type',
  'total',
  'status',
] as const

function cell(value: unknown) {
  const text = value === null || value === undefined ? '' : String(value)
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The day's registry as CSV for Excel: UTF-8 with a BOM (Cyrillic opens
 * right), `;` separators, headers and codes in the reader's language.
 */
export function registryCsv(rows: RegistryRow[], i18n: I18n) {
  const t = (key: string, fallback: string) => i18n.t(`registry_export.${key}`, {}, fallback)
  const header = COLUMNS.map((column) => cell(t(`columns.${column}`, column))).join(';')
  const lines = rows.map((row) =>
    COLUMNS.map((column) => {
      if (column === 'number') return cell(row.ticket)
      if (column === 'services') return cell(row.services.map((s: any) => s.title).join(', '))
      if (column === 'total') return cell(row.total === null ? '' : (row.total / 100).toFixed(2))
      if (column === 'status') return cell(t(`status.${row.status}`, row.status))
      if (column === 'type') return cell(row.type ? t(`type.${row.type}`, row.type) : '')
      if (column === 'payment_type') {
        return cell(row.payment_type ? t(`payment_type.${row.payment_type}`, row.payment_type) : '')
      }
      return cell(row[column])
    }).join(';')
  )
  return '\uFEFF' + [header, ...lines].join('\r\n') + '\r\n'
}
