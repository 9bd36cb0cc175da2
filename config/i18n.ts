import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'

/**
 * Staff UI, server messages, tickets and PDFs speak ru, uz (Latin) and en.
 * Translations live in resources/lang/<locale>/*.json and are shared with the Vue front end.
 */
const i18nConfig = defineConfig({
  defaultLocale: 'ru',
  supportedLocales: ['ru', 'uz', 'en'],
  fallbackLocales: { uz: 'ru' },
  formatter: formatters.icu(),
  loaders: [loaders.fs({ location: app.languageFilesPath() })],
})

export default i18nConfig
