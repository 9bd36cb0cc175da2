import { defineConfig } from '@adonisjs/shield'
import env from '#start/env'
import { isStatelessRequest } from '#support/stateless_request'

const shieldConfig = defineConfig({
  csp: { enabled: false, directives: {}, reportOnly: false },
  csrf: {
    enabled: true,
    /**
     * API clients and board devices subscribing to their SSE channel send no
     * cookies: they are exempt. So is an API call a bearer token actually
     * authenticates (decided in app/middleware/shield_middleware.ts, which
     * checks the token); a mere `Authorization` header is not enough. A
     * browser calling the API with the panel's session cookie must send the
     * X-XSRF-TOKEN header like any panel form.
     */
    exceptRoutes: (ctx) => isStatelessRequest(ctx.request),
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  /* Served over https (APP_URL_SCHEME): browsers keep to https; cookies are Secure (config/app.ts, session.ts). */
  hsts: { enabled: env.get('APP_URL_SCHEME', 'http') === 'https', maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
