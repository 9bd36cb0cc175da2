import app from '@adonisjs/core/services/app'
import i18nManager from '@adonisjs/i18n/services/main'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { normalizeError } from '#exceptions/error_codes'
import { FieldErrors } from '#exceptions/field_errors'

type ErrorPage =
  'errors/not_found' | 'errors/forbidden' | 'errors/suspended' | 'errors/server_error'

const ERROR_PAGES: Record<number, ErrorPage> = {
  400: 'errors/not_found',
  403: 'errors/forbidden',
  404: 'errors/not_found',
  423: 'errors/suspended',
  503: 'errors/server_error',
}

/**
 * Every error leaves in one shape. API and JSON clients get
 * `{"error": {"code", "message"}}` (422: `{"errors": [{field, rule, message}]}`)
 * with the message in the request's language; people get a friendly page.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  /** Expected refusals are answered, not logged as errors. */
  protected ignoreStatuses = [400, 401, 403, 404, 409, 422, 423, 429]

  async handle(error: unknown, ctx: HttpContext) {
    const normalized = normalizeError(error)
    const i18n = ctx.i18n ?? i18nManager.locale(i18nManager.defaultLocale)
    const message = i18n.t(
      `errors.${normalized.code}`,
      normalized.details,
      i18n.t('errors.SERVER_ERROR')
    )

    if (this.#wantsJson(ctx)) {
      const retryAfter = (error as any)?.response?.availableIn ?? (error as any)?.availableIn
      if (normalized.status === 429 && retryAfter !== undefined) {
        ctx.response.header('Retry-After', String(retryAfter))
      }
      if (normalized.isValidation) {
        const messages =
          error instanceof FieldErrors ? error.messages(i18n) : (error as any).messages
        return ctx.response.status(422).send({ errors: messages })
      }
      return ctx.response.status(normalized.status).send({
        error: { code: normalized.code, message, ...normalized.details },
      })
    }

    const page =
      ERROR_PAGES[normalized.status] ?? (normalized.status >= 500 ? 'errors/server_error' : null)
    const handledByFramework =
      normalized.isValidation ||
      ['UNAUTHORIZED', 'CSRF_MISMATCH', 'INVALID_CREDENTIALS'].includes(normalized.code)
    if (page && ctx.inertia && !handledByFramework && !(this.debug && normalized.status >= 500)) {
      const html = await ctx.inertia.render(
        page as any,
        { status: normalized.status, code: normalized.code, message } as any
      )
      return ctx.response.status(normalized.status).send(html)
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }

  #wantsJson(ctx: HttpContext) {
    if (ctx.request.header('x-inertia')) return false
    return (
      ctx.request.url().startsWith('/api/') ||
      ctx.request.url().startsWith('/__transmit/') ||
      ctx.request.url() === '/health' ||
      ctx.request.accepts(['html', 'json']) === 'json'
    )
  }
}
