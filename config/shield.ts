import { defineConfig } from '@adonisjs/shield'

const shieldConfig = defineConfig({
  csp: { enabled: false, directives: {}, reportOnly: false },
  csrf: {
    enabled: true,
    /**
     * API clients authenticate with bearer tokens and send no cookies: they
     * are exempt, and so are board devices subscribing to their SSE channel. A browser calling the API with the panel's session cookie
     * must send the X-XSRF-TOKEN header like any panel form.
     */
    exceptRoutes: (ctx) =>
      (ctx.request.url().startsWith('/api/') || ctx.request.url().startsWith('/__transmit/')) &&
      (!!ctx.request.header('authorization') || !ctx.request.header('cookie')),
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  hsts: { enabled: false, maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
