import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import app from '@adonisjs/core/services/app'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'

/**
 * Routes whose callers expect a body the app cannot read to be answered in
 * their own protocol, not with the app's 400: Payme's JSON-RPC wants HTTP 200
 * with error -32700, Click its `error: -8`.
 */
const OWN_PARSE_ERRORS = new Set([
  '/api/payments/payme/webhook',
  '/api/payments/click/prepare',
  '/api/payments/click/complete',
])

/**
 * The framework's body parser. On the routes above, a body it refuses
 * (malformed JSON, a JSON value that is not an object or array) reaches the
 * controller as an empty body with the raw text, when the parser read it;
 * the controller answers it as its provider documents.
 */
export default class BodyParser {
  async handle(ctx: HttpContext, next: NextFn) {
    const parser = await app.container.make(BodyParserMiddleware)
    if (!ctx.route || !OWN_PARSE_ERRORS.has(ctx.route.pattern)) return parser.handle(ctx, next)

    let parsed = false
    try {
      return await parser.handle(ctx, () => {
        parsed = true
        return next()
      })
    } catch (error) {
      /* Only the parser's own refusal; whatever the route threw goes on as it was. */
      if (parsed || !isRefusedBody(error)) throw error
      ctx.request.setInitialBody({})
      ctx.request.updateRawBody(typeof error.body === 'string' ? error.body : '')
      return next()
    }
  }
}

function isRefusedBody(error: unknown): error is { status: number; body?: unknown } {
  const status = (error as { status?: number })?.status
  return status === 400 || status === 422
}
