import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import app from '@adonisjs/core/services/app'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'
import { AppException } from '#exceptions/app_exception'

/**
 * Routes whose callers expect a body the app cannot read to be answered in
 * their own protocol, not with the app's 400: Payme's JSON-RPC wants HTTP 200
 * with error -32700, Click its `error: -8`; Stripe's webhook checks the
 * signature of the raw body and answers (and logs) the refusal itself.
 */
const OWN_PARSE_ERRORS = new Set([
  '/api/payments/stripe/webhook',
  '/api/payments/payme/webhook',
  '/api/payments/click/prepare',
  '/api/payments/click/complete',
])

/**
 * The framework's body parser. On the routes above, a body it refuses
 * (malformed JSON, a JSON value that is not an object or array, a multipart
 * body with a wrong or missing boundary) reaches the controller as an empty
 * body with the raw text, when the parser read it; the controller answers it
 * as its provider documents. Elsewhere a body the parser fails on without
 * saying why (a multipart stream it cannot split) is a 400, not a 500.
 */
export default class BodyParser {
  async handle(ctx: HttpContext, next: NextFn) {
    const parser = await app.container.make(BodyParserMiddleware)
    const ownFormat = !!ctx.route && OWN_PARSE_ERRORS.has(ctx.route.pattern)

    let parsed = false
    try {
      return await parser.handle(ctx, () => {
        parsed = true
        return next()
      })
    } catch (error) {
      /* Only the parser's own refusal; whatever the route threw goes on as it was. */
      if (parsed) throw error
      if (!ownFormat) throw isRefusedBody(error) ? error : new AppException('BAD_REQUEST', 400)
      /* A multipart parser that failed half-way has already set (and frozen) the fields it read. */
      if (Object.isFrozen(ctx.request.original())) ctx.request.updateBody({})
      else ctx.request.setInitialBody({})
      const raw = (error as { body?: unknown })?.body
      ctx.request.updateRawBody(typeof raw === 'string' ? raw : '')
      return next()
    }
  }
}

/** A refusal the parser states itself (400 malformed, 413 too large, 415, 422 not an object). */
function isRefusedBody(error: unknown): error is { status: number; body?: unknown } {
  const status = (error as { status?: number })?.status
  return typeof status === 'number' && status >= 400 && status < 500
}
