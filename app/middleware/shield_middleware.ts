import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import edge from 'edge.js'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { isStatelessRequest } from '#support/stateless_request'

/**
 * @adonisjs/shield with its guards built once per process (its provider
 * builds them, and imports edge.js, on every request). A stateless request
 * gets the header guards only: it has no session for a CSRF secret and
 * needs no XSRF cookie.
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

  handle(ctx: HttpContext, next: NextFn) {
    const shields = (AppShieldMiddleware.#shields ??= AppShieldMiddleware.#build())
    const shield = isStatelessRequest(ctx.request) ? shields.stateless : shields.browser
    return shield.handle(ctx, next)
  }
}
