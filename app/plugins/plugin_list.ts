import type { Localized } from './define_plugin.js'
import pluginRegistry from './plugin_registry.js'
import pluginState from './plugin_state_service.js'

/** One loaded plugin as the admin API and the `admin/plugins` page see it. */
export type PluginListItem = {
  id: string
  version: string
  name: Localized
  description: Localized | null
  /** Required plugin id → semver range. */
  requires: Record<string, string>
  /** Loaded plugins that require this one. */
  required_by: string[]
  enabled: boolean
  /** Version recorded by the tenant's last enable, or null if never enabled. */
  installed_version: string | null
  /** ISO time of the tenant's last enable, or null. */
  installed_at: string | null
  permissions: { code: string; label: Localized }[]
}

/** A plugin the host refused to load, with the reasons. */
export type RefusedPluginItem = { id: string | null; source: string; reasons: string[] }

/** Body of GET /api/admin/plugins and props of the `admin/plugins` page. */
export type PluginList = { plugins: PluginListItem[]; refused: RefusedPluginItem[] }

/** The loaded plugins with the tenant's state, and the refused ones. */
export async function listPlugins(tenantId: number): Promise<PluginList> {
  const states = await pluginState.states(tenantId, true)
  const plugins = pluginRegistry.all().map((plugin): PluginListItem => {
    const state = states.get(plugin.id)
    const { manifest } = plugin
    return {
      id: plugin.id,
      version: manifest.version,
      name: manifest.name,
      description: manifest.description ?? null,
      requires: { ...manifest.requires },
      required_by: pluginRegistry.dependentsOf(plugin.id).map((dependent) => dependent.id),
      enabled: state?.enabled === true,
      installed_version: state?.version ?? null,
      installed_at: state?.installedAt?.toISO() ?? null,
      permissions: (manifest.permissions ?? []).map(({ code, label }) => ({ code, label })),
    }
  })
  const refused = pluginRegistry
    .refused()
    .map(({ id, source, reasons }) => ({ id, source, reasons }))
  return { plugins, refused }
}

/** One plugin of the list, or undefined when it is not loaded. */
export async function pluginListItem(tenantId: number, pluginId: string) {
  return (await listPlugins(tenantId)).plugins.find((plugin) => plugin.id === pluginId)
}
