import type { HttpContext } from '@adonisjs/core/http'

type Render = (page: string, props: object) => Promise<unknown>

/**
 * Renders an Inertia page by name with its props: a plugin's page
 * (`plugins/<id>/<path>`, from `ui/pages/<path>.vue`) or a host page the typed
 * page list does not know.
 *
 * @example
 * return renderPage(ctx, 'plugins/cardiology/ecg_list', { files })
 */
export function renderPage(ctx: HttpContext, page: string, props: object) {
  return (ctx.inertia.render as unknown as Render).call(ctx.inertia, page, props)
}
