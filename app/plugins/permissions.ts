import { HOST_PERMISSIONS, type PermissionDefinition } from '#services/permission_catalog'
import pluginRegistry from './plugin_registry.js'

/**
 * Every permission code: the host's, then those of the loaded plugins (with
 * `pluginId`). Given `pluginIds`, only those plugins' codes are listed (the
 * ones a tenant has enabled).
 */
export function permissionCatalog(pluginIds?: Iterable<string>): PermissionDefinition[] {
  const only = pluginIds ? new Set(pluginIds) : undefined
  const fromPlugins = pluginRegistry
    .all()
    .filter((plugin) => !only || only.has(plugin.id))
    .flatMap((plugin) =>
      (plugin.manifest.permissions ?? []).map((permission) => ({
        ...permission,
        pluginId: plugin.id,
      }))
    )
  return [...HOST_PERMISSIONS, ...fromPlugins]
}
