import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Issue 12 F10: secrets sit in some URLs (a board's key in /display/<key>, the
 * morning QR's token in /q/<token>, a payment return link's signature), so no
 * page tells another site where the browser came from. Requests to the clinic
 * itself keep the Referer: the panels' form posts redirect back by it.
 */
export default class ReferrerPolicyMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    ctx.response.header('Referrer-Policy', 'same-origin')
    return next()
  }
}
