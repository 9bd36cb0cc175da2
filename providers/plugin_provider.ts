import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Maps the AdonisJS lifecycle onto plugins. `start()` (after every provider
 * booted and the logger, emitter and router services exist, before the route
 * files are preloaded) discovers and validates plugins, runs their boot
 * hooks, registers their settings and navigation, the tenant migrator's
 * plugin sets and the default-plugins provisioning seeder. Routes are mounted
 * by start/routes/plugins.ts (`mountPluginRoutes`), preloaded right after.
 */
export default class PluginProvider {
  constructor(protected app: ApplicationService) {}

  /** Nothing to bind: AdonisJS calls register() synchronously, and discovery imports files. */
  register() {}

  async start() {
    const { default: pluginRegistry } = await import('#plugin_api/plugin_registry')
    const { default: pluginState } = await import('#plugin_api/plugin_state_service')
    const { bootPlugins, pluginNavigation } = await import('#plugin_api/plugin_boot')
    const { addNavigationSource } = await import('#services/navigation')
    const { default: tenantMigrator } = await import('#tenants/tenant_migrator')
    const { default: tenantProvisioner } = await import('#tenants/provisioning')

    await pluginRegistry.discover()
    await bootPlugins()
    addNavigationSource(() => pluginNavigation())
    tenantMigrator.addMigrationSets((tenant) => pluginState.migrationSets(tenant))
    tenantProvisioner.addSeeder((tenant) => pluginState.enableDefaults(tenant))
  }

  async shutdown() {}
}
