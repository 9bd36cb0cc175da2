/*
| Plugin routes: the admin API and panel for a tenant's plugins, then the
| routes of every loaded plugin (each behind tenant + pluginEnabled(<id>)).
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminGuard } from '#services/admin/admin_guard'
import { mountPluginRoutes } from '#plugin_api/plugin_routes'

const PluginsController = () => import('#controllers/admin/plugins_controller')

/* Staff API (bearer tokens) */
router
  .group(() => {
    router
      .group(() => {
        router.get('/plugins', [PluginsController, 'index'])
        router.post('/plugins/:id/enable', [PluginsController, 'enable'])
        router.post('/plugins/:id/disable', [PluginsController, 'disable'])
      })
      .use(middleware.can('plugins.manage'))
    router
      .get('/permissions', [PluginsController, 'permissions'])
      .use(middleware.can('roles.manage'))
  })
  .prefix('/api/admin')
  .use([middleware.tenant(), middleware.auth({ guards: ['api'] }), adminGuard])

/* Admin panel (session) */
router
  .group(() => {
    router.get('/plugins', [PluginsController, 'page'])
    router.post('/plugins/:id/enable', [PluginsController, 'enableFromPanel'])
    router.post('/plugins/:id/disable', [PluginsController, 'disableFromPanel'])
  })
  .prefix('/admin')
  .use([
    middleware.tenant(),
    middleware.auth({ guards: ['web'] }),
    adminGuard,
    middleware.can('plugins.manage'),
  ])

mountPluginRoutes()
