import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { DateTime } from 'luxon'
import type { TicketLang } from '#services/printing/printing_types'
import { optionalText, ticketTranslator } from '#services/printing/ticket_texts'

/** Numbers group like the clinics write them: 150 000 (ru, uz), 150,000 (en). */
const NUMBER_LOCALES: Record<TicketLang, string> = { ru: 'ru-RU', uz: 'ru-RU', en: 'en-GB' }
const numberFormats = new Map<TicketLang, Intl.NumberFormat>()

/** Minor units → "150 000 сум" / "150 000 soʻm" / "150,000 UZS" (decision 10). */
export function formatMoney(minor: number | null | undefined, currency: string, lang: TicketLang) {
  if (minor === null || minor === undefined) return ''
  let format = numberFormats.get(lang)
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALES[lang], { maximumFractionDigits: 2 })
    numberFormats.set(lang, format)
  }
  const unit = optionalText(lang, `currency.${currency}`) ?? currency
  const amount = format.format(minor / 100).replace(/\u00a0|\u202f/g, ' ')
  return unit === '$' ? `$${amount}` : `${amount} ${unit}`
}

/** "12 марта 2026 г., четверг" / "2026-yil 12-mart, payshanba" / "Thursday, 12 March 2026". */
export function formatLongDay(isoDay: string, lang: TicketLang) {
  const day = DateTime.fromISO(isoDay)
  if (!day.isValid) return isoDay
  const t = ticketTranslator(lang)
  return t('date.long', {
    weekday: t(`date.weekdays.${day.weekday % 7}`),
    day: day.day,
    month: t(`date.months.${day.month - 1}`),
    year: day.year,
  })
}

/** "12.03.2026". */
export function formatShortDay(isoDay: string) {
  const day = DateTime.fromISO(isoDay)
  return day.isValid ? day.toFormat('dd.MM.yyyy') : isoDay
}

/** "+998 90 123 45 67" for staff documents; anything unparsable as it is. */
export function formatPhone(e164: string | null | undefined) {
  if (!e164) return null
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}
