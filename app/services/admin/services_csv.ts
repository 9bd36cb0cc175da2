import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { parse } from 'csv-parse/sync'
import Service from '#models/service'
import settingsService from '#services/settings/settings_service'
import { audit } from '#services/audit_service'
import { currentTenantOrFail } from '#tenants/context'

/** Columns of the services CSV, export and import alike (machine names, any order on import). */
export const CSV_COLUMNS = ['code', 'title', 'category', 'price', 'active', 'duration'] as const

export interface ImportRow {
  line: number
  code: string | null
  title: string
  category: string
  /** Minor units, or null when unreadable. */
  price: number | null
  active: boolean
  duration: number | null
  action: 'create' | 'update'
  /** For an update: the catalog's values now, and which of them the row changes. */
  previous: ServiceValues | null
  changes: (keyof ServiceValues)[]
  errors: { field: string; rule: string; message: string }[]
}

type ServiceValues = Pick<ImportRow, 'title' | 'category' | 'price' | 'active' | 'duration'>
const COMPARED: (keyof ServiceValues)[] = ['title', 'category', 'price', 'active', 'duration']

const TRUE = new Set(['1', 'true', 'yes', 'y', 'да', 'ha', '+'])
const FALSE = new Set(['0', 'false', 'no', 'n', 'нет', "yo'q", 'yoq', '-'])

function cell(value: unknown) {
  const text = value === null || value === undefined ? '' : String(value)
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** "150 000,50" / "150000.5" → 15000050 minor units; null when not a number. */
function parseMoney(text: string): number | null {
  const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
  if (!/^-?\d+(\.\d{1,2})?$/.test(clean)) return null
  return Math.round(Number(clean) * 100)
}

/**
 * CSV import and export of the service catalog. An import is previewed first:
 * every row is checked and listed with its problems; only a confirmed import
 * writes, and it writes all good rows in one transaction (rows matched by
 * code are updated, the others created) or nothing.
 */
export class ServicesCsv {
  async export() {
    const services = await Service.query().orderBy('category').orderBy('title')
    const lines = services.map((service) =>
      [
        service.code ?? '',
        service.title,
        service.category,
        (Number(service.price) / 100).toFixed(2),
        service.active ? 1 : 0,
        service.duration ?? '',
      ]
        .map(cell)
        .join(';')
    )
    return `\uFEFF${[CSV_COLUMNS.join(';'), ...lines].join('\r\n')}\r\n`
  }

  async preview(csv: string, ctx?: HttpContext) {
    const say = (rule: string, fallback: string) =>
      ctx?.i18n.t(`admin.services.import.errors.${rule}`, {}, fallback) ?? fallback
    const text = csv.replace(/^\uFEFF/, '')
    const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
    const delimiter =
      (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
    let records: string[][]
    try {
      records = parse(text, {
        delimiter,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      })
    } catch {
      return {
        rows: [],
        valid: 0,
        invalid: 0,
        fileError: say('unreadable', 'The file is not a readable CSV'),
      }
    }
    const header = (records.shift() ?? []).map((name) => name.toLowerCase())
    const missing = ['title', 'category', 'price'].filter((name) => !header.includes(name))
    if (missing.length) {
      return {
        rows: [],
        valid: 0,
        invalid: 0,
        fileError: `${say('columns', 'Missing columns')}: ${missing.join(', ')}`,
      }
    }

    const existing = await Service.query()
    const existingCodes = new Map(
      existing.filter((s) => s.code).map((s) => [s.code!.toLowerCase(), s])
    )
    const seenCodes = new Set<string>()
    const rows: ImportRow[] = records.map((record, index) => {
      const get = (name: string) => (record[header.indexOf(name)] ?? '').trim()
      const errors: ImportRow['errors'] = []
      const problem = (field: string, rule: string, fallback: string) =>
        errors.push({ field, rule, message: say(rule, fallback) })

      const title = get('title')
      if (title.length < 2 || title.length > 200)
        problem('title', 'title', 'A title of 2–200 characters is required')
      const category = get('category').toLowerCase()
      if (!/^[a-z][a-z0-9_]{1,49}$/.test(category))
        problem('category', 'category', 'Unknown category format')
      const price = parseMoney(get('price'))
      if (price === null) problem('price', 'price', 'The price is not a number')
      else if (price < 0) problem('price', 'negativePrice', 'The price cannot be negative')
      const code = get('code') || null
      if (code && code.length > 50) problem('code', 'code', 'The code is longer than 50 characters')
      if (code && seenCodes.has(code.toLowerCase()))
        problem('code', 'duplicateCode', 'The code repeats in the file')
      if (code) seenCodes.add(code.toLowerCase())
      const activeText = get('active').toLowerCase()
      const active = activeText === '' || TRUE.has(activeText)
      if (activeText && !TRUE.has(activeText) && !FALSE.has(activeText))
        problem('active', 'active', 'Use 1 or 0')
      const durationText = get('duration')
      const duration = durationText ? Number(durationText) : null
      if (duration !== null && !(Number.isInteger(duration) && duration >= 1 && duration <= 1440)) {
        problem('duration', 'duration', 'Minutes from 1 to 1440')
      }
      const found = code ? existingCodes.get(code.toLowerCase()) : undefined
      const values: ServiceValues = { title, category, price, active, duration }
      const previous: ServiceValues | null = found
        ? {
            title: found.title,
            category: found.category,
            price: Number(found.price),
            active: Boolean(found.active),
            duration: found.duration ?? null,
          }
        : null
      return {
        line: index + 2,
        code,
        ...values,
        action: found ? 'update' : 'create',
        previous,
        changes: previous ? COMPARED.filter((key) => values[key] !== previous[key]) : [],
        errors,
      }
    })
    const valid = rows.filter((row) => !row.errors.length).length
    return { rows, valid, invalid: rows.length - valid, fileError: null as string | null }
  }

  /** Writes the good rows of a confirmed preview in one transaction. */
  async import(csv: string, ctx?: HttpContext) {
    const preview = await this.preview(csv, ctx)
    const good = preview.rows.filter((row) => !row.errors.length)
    if (!good.length) return { ...preview, imported: { created: 0, updated: 0 } }
    const currency = await settingsService.get<string>('currency')
    let created = 0
    let updated = 0
    await db.connection(currentTenantOrFail().connectionName).transaction(async (trx) => {
      for (const row of good) {
        const values = {
          title: row.title,
          category: row.category,
          price: row.price!,
          active: row.active,
          duration: row.duration,
        }
        const found = row.code
          ? await Service.query({ client: trx })
              .whereRaw('LOWER(code) = ?', [row.code.toLowerCase()])
              .first()
          : null
        if (found) {
          found.merge(values)
          await found.useTransaction(trx).save()
          updated++
        } else {
          await Service.create({ ...values, code: row.code, currency }, { client: trx })
          created++
        }
      }
    })
    await audit(
      {
        event: 'service.imported',
        entityType: 'service',
        after: { created, updated, skipped: preview.invalid },
      },
      ctx
    )
    return { ...preview, imported: { created, updated } }
  }
}

export default new ServicesCsv()
