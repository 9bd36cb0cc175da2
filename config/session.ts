import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Cookie sessions: the cookie is host-only, so a session on one tenant's
 * subdomain is never sent to another's; the auth layer also checks the tenant.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'clinic-session',
  clearWithBrowser: false,
  age: '12h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: env.get('APP_URL_SCHEME', 'http') === 'https',
    sameSite: 'lax',
  },
  store: 'cookie',
  stores: { cookie: stores.cookie() },
})

export default sessionConfig
