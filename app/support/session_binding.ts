import type { HttpContext } from '@adonisjs/core/http'

/** The session key naming the host a session belongs to: a tenant's id, or `platform`. */
export const SESSION_OWNER_KEY = 'tenant_id'

/**
 * Binds the request's session to its host: one tenant (or the platform). A
 * session issued on another host (sessions are signed with the one app key,
 * so a cookie copied from clinic A verifies on clinic B) is emptied and gets
 * a new id before anything reads it, so no guard, page or live channel of
 * this host ever sees its user. It is the one place sessions are checked
 * against the tenant; everything that reads `ctx.session` after it is safe.
 */
export function bindSessionToHost(ctx: HttpContext) {
  const owner = ctx.tenant?.tenant.id ?? 'platform'
  const bound = ctx.session.get(SESSION_OWNER_KEY)
  if (bound === owner) return
  if (bound !== undefined || Object.keys(ctx.session.all()).length > 0) {
    ctx.session.clear()
    ctx.session.regenerate()
  }
  ctx.session.put(SESSION_OWNER_KEY, owner)
}
