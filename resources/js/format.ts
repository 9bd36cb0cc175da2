import type { Locale } from '~/types/shared'
import { messages } from './i18n'

/** The Intl locale for each UI language. */
export const INTL_LOCALES: Record<Locale, string> = { ru: 'ru-RU', uz: 'uz-Latn-UZ', en: 'en-GB' }
/** Numeric dates: Uzbekistan writes 22.11.2026 like Russia. */
const NUMERIC_LOCALES: Record<Locale, string> = { ru: 'ru-RU', uz: 'ru-RU', en: 'en-GB' }

function safeZone(timeZone?: string) {
  if (!timeZone) return undefined
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return timeZone
  } catch {
    return undefined
  }
}

/** Year, month (1–12), day and weekday (0 = Sunday) of a moment in a timezone. */
function partsIn(date: Date, timeZone?: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    timeZone: safeZone(timeZone),
  }).formatToParts(date)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'))
  return { year: get('year'), month: Number(get('month')), day: get('day'), weekday }
}

const capitalize = (text: string, locale: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1)

/**
 * "Воскресенье, 22 ноября 2026 г." / "Yakshanba, 22-noyabr, 2026-yil" / "Sunday 22 November 2026".
 * Uzbek is composed from ui.json: many browsers ship no Uzbek date names.
 */
export function formatLongDate(date: Date, locale: Locale, timeZone?: string) {
  if (locale === 'uz') {
    const names = (messages.uz.ui as any)?.date
    if (names) {
      const { year, month, day, weekday } = partsIn(date, timeZone)
      const text = String(names.long)
        .replace('{weekday}', names.weekdays[weekday])
        .replace('{day}', day)
        .replace('{month}', names.months[month - 1])
        .replace('{year}', year)
      return capitalize(text, 'uz')
    }
  }
  const text = new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: safeZone(timeZone),
  }).format(date)
  return capitalize(text, INTL_LOCALES[locale])
}

/** "22.11.2026, 06:55" in the clinic's timezone. */
export function formatDateTime(iso: string, locale: Locale, timeZone?: string) {
  return new Intl.DateTimeFormat(NUMERIC_LOCALES[locale], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: safeZone(timeZone),
  }).format(new Date(iso))
}

/** The hour (0–23) now in a timezone. */
export function hourIn(timeZone?: string) {
  const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: safeZone(timeZone) })
    .formatToParts(new Date())
    .find((part) => part.type === 'hour')?.value
  return Number(hour ?? new Date().getHours())
}
