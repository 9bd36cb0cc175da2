/*
| HTTP kernel: server middleware run for every request (routes or not), router
| middleware for matched routes, and the named middleware routes opt into.
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/referrer_policy_middleware'),
  () => import('@adonisjs/static/static_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
  () => import('#middleware/inertia_middleware'),
  () => import('#middleware/detect_locale_middleware'),
  () => import('#tenants/identify_tenant_middleware'),
])

router.use([
  () => import('#middleware/body_parser_middleware'),
  () => import('#middleware/session_middleware'),
  () => import('#middleware/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

export const middleware = router.named({
  tenant: () => import('#middleware/require_tenant_middleware'),
  platform: () => import('#middleware/require_platform_middleware'),
  operator: () => import('#middleware/operator_middleware'),
  guest: () => import('#middleware/guest_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  silentAuth: () => import('#middleware/silent_auth_middleware'),
  can: () => import('#middleware/permission_middleware'),
  pluginEnabled: () => import('#middleware/plugin_enabled_middleware'),
})
