import {
  AsYouType,
  getCountryCallingCode,
  isValidPhoneNumber,
  type CountryCode,
} from 'libphonenumber-js/min'
import { useI18n } from 'vue-i18n'
import { useRegistryStore } from '~/stores/registry'
import type { Locale } from '~/types/shared'

/** Digits grouped the way the clinic's country writes them: "150 000" (ru/uz), "150,000" (en). */
const NUMBER_LOCALES: Record<Locale, string> = { ru: 'ru-RU', uz: 'ru-RU', en: 'en-GB' }
/** Currencies without minor units at the desk (tiyin and tiyn are not counted in cash). */
const WHOLE_CURRENCIES = new Set(['UZS', 'KZT'])

/**
 * Money in integer minor units: `formatMoney(15_000_000, 'UZS', 'ru', 'сум')` → "150 000 сум".
 * `unit` is the translated currency name (registry.currency.*); the ISO code otherwise.
 */
export function formatMoney(
  minor: number | null | undefined,
  currency: string,
  locale: Locale,
  unit?: string
) {
  if (minor === null || minor === undefined || Number.isNaN(minor)) return ''
  const whole = WHOLE_CURRENCIES.has(currency.toUpperCase()) || minor % 100 === 0
  const amount = new Intl.NumberFormat(NUMBER_LOCALES[locale] ?? 'ru-RU', {
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(minor / 100)
  return `${amount}\u00A0${unit || currency}`
}

/** Numeric day "22.11.2026" of a `yyyy-MM-dd` string, without timezone surprises. */
export function formatDay(day: string, locale: Locale) {
  const [year, month, date] = day.split('-')
  if (!year || !month || !date) return day
  return locale === 'en' ? `${date}/${month}/${year}` : `${date}.${month}.${year}`
}

/** `yyyy-MM-dd` ⇄ a local Date at midnight (the date pickers work with Dates). */
export function dayToDate(day: string) {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(year, month - 1, date)
}

export function dateToDay(date: Date) {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export function addDays(day: string, days: number) {
  const date = dayToDate(day)
  date.setDate(date.getDate() + days)
  return dateToDay(date)
}

/** "08:12" of an ISO moment on the clinic's clock (the branch's zone), whatever the computer's zone. */
export function formatTime(iso: string | null | undefined, timeZone?: string) {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  try {
    return date.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone })
  } catch {
    return date.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })
  }
}

function countryOf(country: string | null | undefined): CountryCode {
  const code = (country || 'UZ').toUpperCase()
  try {
    getCountryCallingCode(code as CountryCode)
    return code as CountryCode
  } catch {
    return 'UZ'
  }
}

/** The mask shown as the phone placeholder: "+998 __ ___ __ __". */
export function phoneMask(country: string | null | undefined) {
  const code = countryOf(country)
  const masks: Partial<Record<CountryCode, string>> = {
    UZ: '+998 __ ___ __ __',
    KZ: '+7 ___ ___ __ __',
    RU: '+7 ___ ___-__-__',
    KG: '+996 ___ ___ ___',
    TJ: '+992 __ ___ ____',
  }
  return masks[code] ?? `+${getCountryCallingCode(code)} …`
}

/**
 * What the desk typed, as an international number: "90 123 45 67" → "+998901234567"
 * (national input gets the clinic's country code; "8 912 …" in Russia and Kazakhstan is the trunk prefix).
 */
export function toInternational(input: string, country: string | null | undefined) {
  const trimmed = input.trim()
  if (!trimmed) return ''
  const digits = trimmed.replace(/\D/g, '')
  if (!digits) return ''
  if (trimmed.startsWith('+')) return `+${digits}`
  const code = countryOf(country)
  const calling = getCountryCallingCode(code)
  if (
    calling === '7' &&
    digits.length === 11 &&
    (digits.startsWith('8') || digits.startsWith('7'))
  ) {
    return `+7${digits.slice(1)}`
  }
  if (digits.startsWith(calling) && digits.length > 9 + (calling === '7' ? 1 : 0))
    return `+${digits}`
  return `+${calling}${digits}`
}

/** The number as the desk reads it: "+998 90 123 45 67". */
export function formatPhone(input: string | null | undefined, country?: string | null) {
  if (!input) return ''
  const international = toInternational(input, country)
  if (!international) return ''
  return new AsYouType().input(international)
}

/** Empty is fine (the phone is optional); otherwise a valid number of some country. */
export function isPhoneValid(input: string, country: string | null | undefined) {
  const international = toInternational(input, country)
  if (!international) return true
  try {
    return isValidPhoneNumber(international)
  } catch {
    return false
  }
}

/** Digits of what was typed, for the phone search ("90 12" → "9012"). */
export function phoneDigits(input: string) {
  return input.replace(/\D/g, '')
}

/**
 * "Рахимов Азиз Бахтиёрович" → "Рахимов А. Б." for narrow cells; names of
 * one word or cabinets ("Кабинет ЭКГ") stay as they are.
 */
export function shortName(full: string | null | undefined) {
  if (!full) return ''
  const words = full.trim().split(/\s+/)
  if (words.length < 2 || words.slice(1).some((word) => !/^\p{Lu}\p{Ll}/u.test(word))) return full
  return `${words[0]} ${words
    .slice(1)
    .map((word) => `${word[0]}.`)
    .join(' ')}`
}

/** The formatters bound to the current UI language. */
export function useRegistryFormat() {
  const { t, te, locale } = useI18n()
  const store = useRegistryStore()
  const loc = () => locale.value as Locale
  const unit = (currency: string) => {
    const key = `registry.currency.${currency.toUpperCase()}`
    return te(key) ? t(key) : currency
  }
  return {
    money: (minor: number | null | undefined, currency: string) =>
      formatMoney(minor, currency, loc(), unit(currency)),
    day: (day: string) => formatDay(day, loc()),
    phone: (value: string | null | undefined, country?: string | null) =>
      formatPhone(value, country),
    time: (iso: string | null | undefined) => formatTime(iso, store.settings.timezone),
  }
}
