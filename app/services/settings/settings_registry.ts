import type { SettingDefinition } from './setting_definitions.js'
import { HOST_SETTINGS } from './setting_definitions.js'

/**
 * Every setting the tenant can hold: the host's and those plugins declare
 * (plugins' keys start with `<pluginId>.`).
 */
export class SettingsRegistry {
  #definitions = new Map<string, SettingDefinition>()
  #enabledPlugins: () => Promise<Set<string>> = async () => new Set()

  constructor(definitions: SettingDefinition[]) {
    for (const definition of definitions) this.add(definition)
  }

  add(definition: SettingDefinition) {
    this.#definitions.set(definition.key, definition)
  }

  /** The plugin kernel tells which plugins the current tenant has enabled. */
  useEnabledPlugins(resolver: () => Promise<Set<string>>) {
    this.#enabledPlugins = resolver
  }

  /** Plugin ids whose settings the current tenant sees. */
  visiblePlugins() {
    return this.#enabledPlugins()
  }

  /**
   * The definition behind `key` (exact, or a listed member of its `.*` family)
   * and the family suffix; undefined for unknown keys and hidden plugins' keys.
   */
  find(
    key: string,
    plugins?: Set<string>
  ): { definition: SettingDefinition; suffix: string } | undefined {
    const found = this.#find(key)
    if (found?.definition.pluginId && plugins && !plugins.has(found.definition.pluginId))
      return undefined
    return found
  }

  #find(key: string): { definition: SettingDefinition; suffix: string } | undefined {
    const exact = this.#definitions.get(key)
    if (exact && !exact.key.endsWith('.*')) return { definition: exact, suffix: '' }
    const dot = key.lastIndexOf('.')
    const family = dot > 0 ? this.#definitions.get(`${key.slice(0, dot)}.*`) : undefined
    const suffix = key.slice(dot + 1)
    if (!family || (family.members && !family.members.includes(suffix))) return undefined
    return { definition: family, suffix }
  }

  defaultOf(definition: SettingDefinition, suffix: string) {
    return typeof definition.default === 'function'
      ? definition.default(suffix)
      : definition.default
  }

  /** Keys (and `.*` families, as `family.`) a branch may override. */
  branchKeys(): string[] {
    return [...this.#definitions.values()]
      .filter((definition) => definition.branchOverride)
      .map((definition) =>
        definition.key.endsWith('.*') ? definition.key.slice(0, -1) : definition.key
      )
  }

  /** The definitions the given plugins declared, in their order. */
  ofPlugins(plugins: Set<string>): SettingDefinition[] {
    return [...this.#definitions.values()].filter(
      (definition) => definition.pluginId && plugins.has(definition.pluginId)
    )
  }

  /** Every concrete key with its default value (plugins' only for the given plugin ids). */
  defaults(plugins?: Set<string>): Record<string, unknown> {
    const values: Record<string, unknown> = {}
    for (const definition of this.#definitions.values()) {
      if (definition.pluginId && plugins && !plugins.has(definition.pluginId)) continue
      if (definition.key.endsWith('.*')) {
        const base = definition.key.slice(0, -1)
        for (const member of definition.members ?? []) {
          values[`${base}${member}`] = this.defaultOf(definition, member)
        }
      } else {
        values[definition.key] = this.defaultOf(definition, '')
      }
    }
    return values
  }
}

const settingsRegistry = new SettingsRegistry(HOST_SETTINGS)
export default settingsRegistry
