import env from '#start/env'
import { defineConfig } from '@adonisjs/core/http'
import { trustedProxies } from '#support/trusted_proxies'

export const appKey = env.get('APP_KEY')

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: true,
  /** Only these peers may name the client (X-Forwarded-*): TRUSTED_PROXIES, loopback by default. */
  trustProxy: trustedProxies.use(env.get('TRUSTED_PROXIES')),
  cookie: {
    domain: '',
    path: '/',
    maxAge: '12h',
    httpOnly: true,
    secure: env.get('APP_URL_SCHEME', 'http') === 'https',
    sameSite: 'lax',
  },
})
