import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import edge from 'edge.js'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { isStatelessRequest } from '#support/stateless_request'
import { isOperatorToken } from '#middleware/operator_middleware'

/** Methods the CSRF check guards (config/shield.ts `csrf.methods`). */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Does a bearer token authenticate this API or event-stream call: a staff
 * token of the clinic of the host, or the operator's token on the platform?
 * Only then may a call that also carries cookies skip the CSRF check: a junk
 * `Authorization` header must not, since `auth({ guards: ['api', 'web'] })`
 * would then let the session cookie sign it in.
 */
async function bearerAuthenticates(ctx: HttpContext) {
  const url = ctx.request.url()
  if (!url.startsWith('/api/') && !url.startsWith('/__transmit/')) return false
  if (!UNSAFE_METHODS.has(ctx.request.method())) return false
  const header = ctx.request.header('authorization') ?? ''
  if (!/^bearer\s+\S/i.test(header)) return false
  if (!ctx.tenant) return isOperatorToken(header)
  const auth = await ctx.containerResolver.make('auth.manager')
  return auth.createAuthenticator(ctx).use('api').check()
}

/**
 * @adonisjs/shield with its guards built once per process (its provider
 * builds them, and imports edge.js, on every request). A stateless request
 * gets the header guards only: it has no session for a CSRF secret and
 * needs no XSRF cookie. Neither does a call a bearer token authenticates.
 */
export default class AppShieldMiddleware {
  static #shields?: { browser: ShieldMiddleware; stateless: ShieldMiddleware }

  static #build() {
    const config = app.config.get<ShieldConfig>('shield', {})
    const encrypter = encryption.use()
    return {
      browser: new ShieldMiddleware(config, encrypter, edge),
      stateless: new ShieldMiddleware({ ...config, csrf: { enabled: false } }, encrypter, edge),
    }
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const shields = (AppShieldMiddleware.#shields ??= AppShieldMiddleware.#build())
    const stateless = isStatelessRequest(ctx.request) || (await bearerAuthenticates(ctx))
    return (stateless ? shields.stateless : shields.browser).handle(ctx, next)
  }
}
