import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import jobQueue from '#services/jobs/job_queue'
import settingsRegistry from '#services/settings/settings_registry'
import settingsService from '#services/settings/settings_service'
import type { NavigationEntry } from '#services/navigation'
import { currentTenant, currentTenantOrFail } from '#tenants/context'
import type { PluginBootContext } from './define_plugin.js'
import { permissionCatalog } from './permissions.js'
import pluginRegistry, { type LoadedPlugin } from './plugin_registry.js'
import pluginState from './plugin_state_service.js'

/** Is the plugin enabled in the tenant this code runs for? False outside a tenant. */
async function enabledHere(pluginId: string) {
  const runtime = currentTenant()
  return runtime ? pluginState.isEnabled(runtime.tenant.id, pluginId) : false
}

/**
 * What a plugin's `boot()` receives: events, jobs, permissions and settings
 * scoped to it. Listeners and tenant jobs do nothing in tenants that have
 * not enabled the plugin.
 */
export function bootContextFor(plugin: LoadedPlugin): PluginBootContext {
  const pluginId = plugin.id
  const log = logger.child({ plugin: pluginId })
  const events = emitter as unknown as {
    on(event: string, listener: (data: unknown) => unknown): () => void
    emit(event: string, data?: unknown): Promise<void>
  }

  return {
    pluginId,
    logger: log,
    emitter: {
      on: (event, handler) =>
        events.on(event, async (data) => {
          if (await enabledHere(pluginId)) await handler(data)
        }),
      emit: (event, data) => events.emit(event, data),
    },
    jobs: {
      register(definition) {
        if (!definition.name.startsWith(`${pluginId}.`)) {
          throw new Error(
            `Job "${definition.name}" of plugin ${pluginId} must be named "${pluginId}.…"`
          )
        }
        if (definition.scope === 'platform') return jobQueue.register(definition)
        jobQueue.register({
          ...definition,
          handle: async (payload) => {
            if (await enabledHere(pluginId)) return definition.handle(payload)
            log.info(
              { job: definition.name, tenantId: payload.tenantId },
              'plugin disabled in this tenant: job skipped'
            )
          },
        })
      },
      dispatch: (name, payload = {}) => currentTenantOrFail().jobs.dispatch(name, payload),
    },
    permissions: {
      has: (user, code) => user.hasPermission(code),
      catalog: () => permissionCatalog(),
    },
    settings: {
      get: (key, branchId) => settingsService.get(`${pluginId}.${key}`, branchId),
    },
  }
}

/**
 * Boots every loaded plugin in dependency order: runs its `boot()` hook, then
 * registers its settings (`<id>.<key>`). A plugin whose boot fails is refused
 * with its dependents; the others keep working.
 */
export async function bootPlugins() {
  settingsRegistry.useEnabledPlugins(async () => {
    const runtime = currentTenant()
    if (!runtime) return new Set()
    return new Set((await pluginState.enabledPlugins(runtime.tenant.id)).map((plugin) => plugin.id))
  })
  for (const plugin of pluginRegistry.all()) {
    if (!pluginRegistry.has(plugin.id)) continue
    try {
      await plugin.manifest.boot?.(bootContextFor(plugin))
    } catch (error) {
      logger.error({ err: error, plugin: plugin.id }, 'plugin boot failed')
      pluginRegistry.refuseLoaded(plugin.id, `boot failed: ${(error as Error).message}`)
      continue
    }
    for (const setting of plugin.manifest.settings ?? []) {
      settingsRegistry.add({
        key: `${plugin.id}.${setting.key}`,
        schema: setting.schema,
        default: setting.default,
        branchOverride: setting.branchOverride ?? false,
        pluginId: plugin.id,
        label: setting.label,
        hint: setting.hint,
      })
    }
  }
}

/** Navigation source: entries of the plugins the current tenant has enabled (group `plugins`). */
export async function pluginNavigation(): Promise<NavigationEntry[]> {
  const runtime = currentTenant()
  if (!runtime) return []
  const plugins = await pluginState.enabledPlugins(runtime.tenant.id)
  return plugins.flatMap((plugin) =>
    (plugin.manifest.nav ?? []).map((entry) => ({ ...entry, group: 'plugins' as const }))
  )
}
