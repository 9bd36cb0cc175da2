import { createI18n } from 'vue-i18n'
import { LOCALES, type Locale } from '~/types/shared'

type Messages = Record<string, unknown>

/**
 * Translations shared with the server: resources/lang/<locale>/<namespace>.json,
 * namespaced by file name like @adonisjs/i18n does (`ui.login.title` lives in
 * ui.json as {"login": {"title": …}}). validator.json is server-only.
 */
const files = import.meta.glob<Messages>(['../lang/*/*.json', '!../lang/*/validator.json'], {
  eager: true,
  import: 'default',
})

export const messages: Record<Locale, Messages> = { ru: {}, uz: {}, en: {} }
for (const [path, content] of Object.entries(files)) {
  const match = path.match(/\/lang\/([a-z]+)\/([\w-]+)\.json$/)
  if (!match || !isLocale(match[1])) continue
  messages[match[1]][match[2]] = content
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** Russian has three plural forms: 1 пользователь, 2 пользователя, 5 пользователей. */
function russianPlural(choice: number, choicesLength: number) {
  if (choicesLength < 3) return choice === 1 ? 0 : 1
  const n = Math.abs(choice) % 100
  const last = n % 10
  if (n > 10 && n < 20) return 2
  if (last === 1) return 0
  if (last >= 2 && last <= 4) return 1
  return 2
}

export function createAppI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: { uz: ['ru'], en: ['ru'], default: ['ru'] },
    messages: messages as any,
    pluralRules: { ru: russianPlural },
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>
