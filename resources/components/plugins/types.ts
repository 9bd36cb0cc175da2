import type { Localized } from '~/types/shared'

/** One loaded plugin as the `admin/plugins` page receives it (app/plugins/plugin_list.ts). */
export interface PluginRow {
  id: string
  version: string
  name: Localized
  description: Localized | null
  /** Required plugin id → semver range. */
  requires: Record<string, string>
  /** Loaded plugins that require this one. */
  required_by: string[]
  enabled: boolean
  installed_version: string | null
  installed_at: string | null
  permissions: { code: string; label: Localized }[]
}

/** A plugin the host refused to load, with the reasons. */
export interface RefusedPlugin {
  id: string | null
  source: string
  reasons: string[]
}

/** What a plugin row asks the page to do. */
export type PluginAction = 'enable' | 'disable' | 'update'
