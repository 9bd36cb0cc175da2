import router from '@adonisjs/core/services/router'
import logger from '@adonisjs/core/services/logger'
import { middleware } from '#start/kernel'
import pluginRegistry from './plugin_registry.js'

/**
 * Mounts the routes of every loaded plugin on tenant hosts, behind `tenant`
 * and `pluginEnabled(<id>)`: in a tenant that has not enabled the plugin they
 * answer 404. Called once from start/routes/plugins.ts.
 */
export function mountPluginRoutes() {
  for (const plugin of pluginRegistry.all()) {
    const routes = plugin.manifest.routes
    if (!routes) continue
    router
      .group(() => {
        // A throw must not escape: the router would leave this group open for later routes.
        try {
          routes(router, { middleware })
        } catch (error) {
          logger.error({ err: error, plugin: plugin.id }, 'plugin routes could not be mounted')
        }
      })
      .use([middleware.tenant(), middleware.pluginEnabled(plugin.id)])
  }
}
