import type { HttpContext } from '@adonisjs/core/http'
import { AppException } from '#exceptions/app_exception'
import { listPlugins, pluginListItem } from '#plugin_api/plugin_list'
import { permissionCatalog } from '#plugin_api/permissions'
import pluginState from '#plugin_api/plugin_state_service'
import { renderPage } from '#plugin_api/render_page'

/**
 * Plugins of the current tenant: the staff API (/api/admin/plugins,
 * /api/admin/permissions) and the admin panel (/admin/plugins).
 */
export default class PluginsController {
  /** GET /api/admin/plugins → `{ plugins, refused }` */
  async index(ctx: HttpContext) {
    return listPlugins(ctx.tenant!.tenant.id)
  }

  /** POST /api/admin/plugins/:id/enable → the plugin */
  async enable(ctx: HttpContext) {
    await pluginState.enable(ctx.tenant!.tenant, ctx.params.id, ctx)
    return pluginListItem(ctx.tenant!.tenant.id, ctx.params.id)
  }

  /** POST /api/admin/plugins/:id/disable → the plugin */
  async disable(ctx: HttpContext) {
    await pluginState.disable(ctx.tenant!.tenant, ctx.params.id, ctx)
    return (
      (await pluginListItem(ctx.tenant!.tenant.id, ctx.params.id)) ?? {
        id: ctx.params.id,
        enabled: false,
      }
    )
  }

  /** GET /api/admin/permissions → host codes and those of the plugins the tenant has enabled */
  async permissions(ctx: HttpContext) {
    const enabled = await pluginState.enabledPlugins(ctx.tenant!.tenant.id)
    return permissionCatalog(enabled.map((plugin) => plugin.id)).map(
      ({ code, label, pluginId }) => ({
        code,
        label,
        plugin_id: pluginId ?? null,
      })
    )
  }

  /** GET /admin/plugins: the Inertia page `admin/plugins` with props `{ plugins, refused }` */
  async page(ctx: HttpContext) {
    return renderPage(ctx, 'admin/plugins', await listPlugins(ctx.tenant!.tenant.id))
  }

  /** POST /admin/plugins/:id/enable (panel): back to the page; a refusal lands in `errors.plugin`. */
  async enableFromPanel(ctx: HttpContext) {
    return this.#fromPanel(ctx, () => pluginState.enable(ctx.tenant!.tenant, ctx.params.id, ctx))
  }

  /** POST /admin/plugins/:id/disable (panel) */
  async disableFromPanel(ctx: HttpContext) {
    return this.#fromPanel(ctx, () => pluginState.disable(ctx.tenant!.tenant, ctx.params.id, ctx))
  }

  async #fromPanel(ctx: HttpContext, change: () => Promise<unknown>) {
    try {
      await change()
    } catch (error) {
      if (!(error instanceof AppException)) throw error
      const message = ctx.i18n.t(`errors.${error.code}`, error.details, error.code)
      ctx.session.flash('inputErrorsBag', { plugin: message })
    }
    return ctx.response.redirect().back()
  }
}
