import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder'
import type { PaperWidth } from '#services/printing/printing_types'
import type { TicketView } from '#services/printing/ticket_view'

/** Characters per line in font A: 58 mm paper = 32, 80 mm = 48. */
export const COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 }

/** The queue number's magnification (GS ! width × height). */
const NUMBER_SIZE = 4

/**
 * Cyrillic prints through code page 866 (ESC t 17 on Epson-compatible
 * printers: Epson, Xprinter, Rongta, POS-58/80 clones). One fixed page,
 * no mid-line switching, because cheap printers lack most other pages.
 */
const CODEPAGE = 'cp866'

/** What cp866 holds besides ASCII: the Russian alphabet, Ёё Єє Її Ўў (Uzbek Cyrillic ў) and №. */
const CP866_EXTRA = /[А-яЁёЄєЇїЎў№°]/

/**
 * Characters cp866 lacks, mapped to ones it has: the Uzbek Latin oʻ/gʻ and
 * tutuq belgisi apostrophes (and the backtick people type for them),
 * typographic quotes and dashes, and the Kazakh
 * and Uzbek Cyrillic letters (their closest Russian letter).
 */
const REPLACEMENTS: Record<string, string> = {
  'ʻ': "'",
  'ʼ': "'",
  '‘': "'",
  '’': "'",
  'ʹ': "'",
  '`': "'",
  '´': "'",
  '«': '"',
  '»': '"',
  '“': '"',
  '”': '"',
  '„': '"',
  '—': '-',
  '–': '-',
  '‑': '-',
  '−': '-',
  '…': '...',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\t': ' ',
  'Ә': 'А',
  'ә': 'а',
  'Ғ': 'Г',
  'ғ': 'г',
  'Қ': 'К',
  'қ': 'к',
  'Ң': 'Н',
  'ң': 'н',
  'Ө': 'О',
  'ө': 'о',
  'Ұ': 'У',
  'ұ': 'у',
  'Ү': 'У',
  'ү': 'у',
  'Һ': 'Х',
  'һ': 'х',
  'Ҳ': 'Х',
  'ҳ': 'х',
  'І': 'И',
  'і': 'и',
  'ı': 'i',
}

const isPrintable = (ch: string) => (ch >= ' ' && ch <= '~') || CP866_EXTRA.test(ch)

/**
 * Text a cp866 printer prints as written: known look-alikes substituted,
 * Latin letters with diacritics (Kazakh Latin, Turkish names) without
 * their marks, anything else as `?`.
 */
export function toPrinterText(text: string): string {
  let out = ''
  for (const ch of text) {
    const mapped = REPLACEMENTS[ch]
    if (mapped !== undefined) {
      out += mapped
      continue
    }
    if (isPrintable(ch)) {
      out += ch
      continue
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '')
    out += base && [...base].every(isPrintable) ? base : '?'
  }
  return out
}

/** `left … right` on one line of `columns` characters. */
function spread(left: string, right: string, columns: number) {
  const gap = Math.max(1, columns - left.length - right.length)
  return left + ' '.repeat(gap) + right
}

export interface EscposOptions {
  paper: PaperWidth
}

/**
 * A queue ticket as ESC/POS bytes: clinic, date and time, the number four
 * times the normal size, patient, specialist and cabinet, the "Paid" mark,
 * EchoCG, the specialty's hint, then a feed and a partial cut.
 */
export function encodeTicket(view: TicketView, options: EscposOptions): Uint8Array {
  const columns = COLUMNS[options.paper]
  const p = toPrinterText
  const e = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns,
    codepageMapping: 'epson',
    feedBeforeCut: 4,
    newline: '\n',
  })

  e.initialize().codepage(CODEPAGE)

  e.align('center').bold(true).line(p(view.clinic)).bold(false)
  if (view.branch) e.line(p(view.branch))
  if (view.address) e.line(p(view.address))
  e.rule({ style: 'single' })
  e.align('left').line(spread(p(view.date), p(view.time), columns))
  e.newline()

  e.align('center').line(p(view.title.toUpperCase()))
  const numberText = p(view.numberText)
  const size = Math.max(2, Math.min(NUMBER_SIZE, Math.floor(columns / numberText.length)))
  e.bold(true).size(size, size).line(numberText).size(1, 1).bold(false)
  if (view.paid) {
    e.newline()
      .invert(true)
      .bold(true)
      .line(` ${p(view.paid.toUpperCase())} `)
    e.bold(false).invert(false)
  }
  e.rule({ style: 'single' })

  e.align('left')
  if (view.patient) {
    e.line(p(`${view.patientLabel}: ${view.patient}`))
    if (view.birthYear) e.line(p(view.birthYear))
  }
  if (view.specialty) e.bold(true).line(p(view.specialty)).bold(false)
  e.line(p(`${view.specialistLabel}: ${view.specialist}`))
  if (view.cabinet)
    e.bold(true)
      .line(p(`${view.cabinetLabel}: ${view.cabinet}`))
      .bold(false)
  if (view.echo) e.bold(true).line(p(view.echo)).bold(false)

  if (view.hint) e.rule({ style: 'single' }).line(p(view.hint))
  e.rule({ style: 'single' })
  e.align('center').line(p(view.footer))

  return e.cut('partial').encode()
}
