import type { HttpContext } from '@adonisjs/core/http'

/**
 * A request that carries no browser state: a call to the JSON API or a
 * board's event stream without any cookie (phones joining the morning queue,
 * the Telegram bot, payment webhooks, boards, bearer-token clients). It has
 * no session to read or write and nothing to protect from CSRF, so the
 * session and CSRF middleware leave it alone: no cookies are minted for it.
 */
export function isStatelessRequest(request: HttpContext['request']) {
  const url = request.url()
  /* The health probe never needs a session, whatever cookies a browser sends along. */
  if (url === '/health') return true
  if (request.header('cookie')) return false
  return url.startsWith('/api/') || url.startsWith('/__transmit/')
}
