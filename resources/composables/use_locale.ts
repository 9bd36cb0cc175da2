import { useI18n } from 'vue-i18n'
import { router } from '@inertiajs/vue3'
import { LOCALES, type Locale } from '~/types/shared'

export const LOCALE_COOKIE = 'locale'

/**
 * The language switch: the choice goes into the plain `locale` cookie the
 * server reads, the UI switches at once, and the page props are reloaded so
 * server texts (flash messages, errors, plugin labels) follow.
 */
export function useLocaleSwitch() {
  const { locale } = useI18n()

  function switchTo(code: Locale) {
    document.cookie = `${LOCALE_COOKIE}=${code}; path=/; max-age=31536000; samesite=lax`
    if (locale.value === code) return
    locale.value = code
    document.documentElement.lang = code
    /** `?lang=` outranks the cookie on the server: drop it, or the page would come back in the old language. */
    const url = new URL(window.location.href)
    if (url.searchParams.has('lang')) {
      url.searchParams.delete('lang')
      router.visit(url.pathname + url.search + url.hash, { replace: true, preserveState: true, preserveScroll: true })
    } else {
      router.reload()
    }
  }

  return { locales: LOCALES, locale, switchTo }
}

/** Translates a navigation label: an i18n key, or a plugin's per-locale labels. */
export function useLabel() {
  const { t, locale } = useI18n()
  return (label: string | Record<Locale, string>) =>
    typeof label === 'string' ? t(label) : (label[locale.value as Locale] ?? label.ru ?? label.en)
}
