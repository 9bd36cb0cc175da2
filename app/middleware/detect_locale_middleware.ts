import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'

export const SUPPORTED_LOCALES = ['ru', 'uz', 'en'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]
export const LOCALE_COOKIE = 'locale'

/**
 * Picks the language of the request: `?lang=`, then the language switch cookie,
 * then Accept-Language; otherwise the tenant's locale (set later by
 * `useTenantLocale` once the tenant is known) or Russian.
 */
export default class DetectLocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => ctx.i18n.createMessagesProvider()
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const explicit =
      ctx.request.qs().lang ?? ctx.request.plainCookie(LOCALE_COOKIE, undefined, false)
    const fromHeader = ctx.request.header('accept-language')
      ? i18nManager.getSupportedLocaleFor(ctx.request.languages())
      : null
    const locale = SUPPORTED_LOCALES.includes(explicit) ? explicit : fromHeader
    ctx.localeChosen = !!locale
    setLocale(ctx, locale ?? i18nManager.defaultLocale)
    return next()
  }
}

export function setLocale(ctx: HttpContext, locale: string) {
  ctx.i18n = i18nManager.locale(locale)
  ctx.containerResolver.bindValue(I18n, ctx.i18n)
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
    /** True when the request itself named its language (query, cookie or header). */
    localeChosen: boolean
  }
}
