import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import { AppException } from '#exceptions/app_exception'
import { audit } from '#services/audit_service'
import type { AuditEvent } from '#services/audit_events'
import tenancy from '#tenants/tenancy'
import tenantMigrator, { type MigrationSet } from '#tenants/tenant_migrator'
import type Tenant from '#tenants/models/tenant'
import TenantPlugin from './models/tenant_plugin.js'
import pluginRegistry, { type LoadedPlugin, type PluginRegistry } from './plugin_registry.js'

/** How long a tenant's plugin states are trusted in memory (other instances see a change within this). */
const CACHE_TTL_MS = 5_000

/** The bookkeeping table of a plugin's tenant migrations: `plugin_<id>_schema` (`.` → `_`). */
export function migrationTableOf(pluginId: string) {
  return `plugin_${pluginId.replace('.', '_')}_schema`
}

/** The migration set of a plugin, or undefined when it has no migrations. */
export function migrationSetOf(plugin: LoadedPlugin): MigrationSet | undefined {
  if (!plugin.migrationsPath) return undefined
  return { paths: [plugin.migrationsPath], tableName: migrationTableOf(plugin.id) }
}

/**
 * Which plugins each tenant has enabled (central `tenant_plugins`), and the
 * enable/disable lifecycle: requirements, tenant migrations, install and
 * uninstall hooks, audit. Reads are cached for a few seconds per process and
 * dropped on every change made here.
 */
export class PluginStateService {
  #cache = new Map<number, { expiresAt: number; states: Promise<Map<string, TenantPlugin>> }>()
  #locks = new Map<number, Promise<unknown>>()

  constructor(protected registry: PluginRegistry = pluginRegistry) {}

  /** The tenant's rows by plugin id (every row, enabled or not). */
  async states(tenantId: number, fresh = false): Promise<Map<string, TenantPlugin>> {
    const cached = this.#cache.get(tenantId)
    if (!fresh && cached && cached.expiresAt > Date.now()) return cached.states

    const states = TenantPlugin.query()
      .where('tenant_id', tenantId)
      .then((rows) => new Map(rows.map((row) => [row.pluginId, row])))
    this.#cache.set(tenantId, { expiresAt: Date.now() + CACHE_TTL_MS, states })
    states.catch(() => this.forget(tenantId))
    return states
  }

  /** Is the plugin loaded in this process and enabled for the tenant? */
  async isEnabled(tenantId: number, pluginId: string): Promise<boolean> {
    if (!this.registry.has(pluginId)) return false
    return (await this.states(tenantId)).get(pluginId)?.enabled === true
  }

  /** Loaded plugins the tenant has enabled, in dependency order. */
  async enabledPlugins(tenantId: number, fresh = false): Promise<LoadedPlugin[]> {
    const states = await this.states(tenantId, fresh)
    return this.registry.all().filter((plugin) => states.get(plugin.id)?.enabled === true)
  }

  /** Drops cached states (of one tenant, or all). */
  forget(tenantId?: number) {
    if (tenantId === undefined) this.#cache.clear()
    else this.#cache.delete(tenantId)
  }

  /**
   * Enables a plugin for a tenant: its requirements must be enabled
   * (409 PLUGIN_REQUIRES), then its tenant migrations run, then its install
   * hook inside the tenant, then the state is recorded and audited. Enabling
   * an enabled plugin only migrates it when its version changed.
   */
  async enable(tenant: Tenant, pluginId: string, ctx?: HttpContext): Promise<TenantPlugin> {
    return this.#exclusive(tenant.id, async () => {
      const plugin = this.#pluginOrFail(pluginId)
      const version = plugin.manifest.version
      const states = await this.states(tenant.id, true)
      const current = states.get(pluginId)
      if (current?.enabled && current.version === version) return current

      const requires = Object.keys(plugin.manifest.requires ?? {}).filter(
        (id) => !states.get(id)?.enabled
      )
      if (requires.length)
        throw new AppException('PLUGIN_REQUIRES', 409, { requires: requires.join(', ') })

      const set = migrationSetOf(plugin)
      if (set) await tenantMigrator.runSet(tenant, set)
      if (!current?.enabled)
        await tenancy.runWithTenant(tenant, async () => plugin.manifest.install?.(tenant))

      const row = await TenantPlugin.updateOrCreate(
        { tenantId: tenant.id, pluginId },
        {
          enabled: true,
          version,
          installedAt: current?.enabled ? current.installedAt : DateTime.utc(),
        }
      )
      this.forget(tenant.id)
      await this.#audit(
        tenant,
        current?.enabled ? 'plugin.updated' : 'plugin.enabled',
        pluginId,
        current,
        row,
        ctx
      )
      return row
    })
  }

  /**
   * Disables a plugin for a tenant: refused while an enabled plugin requires
   * it (409 PLUGIN_REQUIRED_BY); runs the uninstall hook inside the tenant and
   * records the state. The plugin's tables and data stay. A plugin no longer
   * loaded (removed from disk) can still be switched off.
   */
  async disable(tenant: Tenant, pluginId: string, ctx?: HttpContext): Promise<TenantPlugin | null> {
    return this.#exclusive(tenant.id, async () => {
      const plugin = this.registry.get(pluginId)
      const states = await this.states(tenant.id, true)
      const current = states.get(pluginId)
      if (!plugin && !current) throw new AppException('PLUGIN_NOT_FOUND', 404)
      if (!current?.enabled) return current ?? null

      const dependents = this.registry
        .dependentsOf(pluginId)
        .filter((dependent) => states.get(dependent.id)?.enabled)
        .map((dependent) => dependent.id)
      if (dependents.length) {
        throw new AppException('PLUGIN_REQUIRED_BY', 409, { dependents: dependents.join(', ') })
      }

      const before = { enabled: current.enabled, version: current.version }
      await tenancy.runWithTenant(tenant, async () => plugin?.manifest.uninstall?.(tenant))
      current.enabled = false
      await current.save()
      this.forget(tenant.id)
      await this.#audit(tenant, 'plugin.disabled', pluginId, before, current, ctx)
      return current
    })
  }

  /** Migration sets of the plugins a tenant has enabled (the tenant migrator asks on `tenant:migrate`). */
  async migrationSets(tenant: Tenant): Promise<MigrationSet[]> {
    const plugins = await this.enabledPlugins(tenant.id, true)
    return plugins.map(migrationSetOf).filter((set): set is MigrationSet => set !== undefined)
  }

  /**
   * Enables the `enabledByDefault` plugins (and what they require) for a new
   * tenant. A plugin that fails is logged and left disabled: it must not stop
   * the clinic from being created.
   */
  async enableDefaults(tenant: Tenant) {
    const wanted = new Set<string>()
    const want = (plugin: LoadedPlugin) => {
      for (const id of Object.keys(plugin.manifest.requires ?? {})) want(this.registry.get(id)!)
      wanted.add(plugin.id)
    }
    for (const plugin of this.registry.all()) if (plugin.manifest.enabledByDefault) want(plugin)

    for (const plugin of this.registry.all().filter(({ id }) => wanted.has(id))) {
      await this.enable(tenant, plugin.id).catch((error) =>
        logger.error(
          { err: error, tenant: tenant.slug, plugin: plugin.id },
          'default plugin could not be enabled'
        )
      )
    }
  }

  #pluginOrFail(pluginId: string): LoadedPlugin {
    const plugin = this.registry.get(pluginId)
    if (!plugin) throw new AppException('PLUGIN_NOT_FOUND', 404)
    return plugin
  }

  async #audit(
    tenant: Tenant,
    event: AuditEvent,
    pluginId: string,
    before: { enabled: boolean; version: string } | undefined,
    after: TenantPlugin,
    ctx?: HttpContext
  ) {
    await tenancy.runWithTenant(tenant, () =>
      audit(
        {
          event,
          entityType: 'plugin',
          entityId: pluginId,
          before: before ? { enabled: before.enabled, version: before.version } : null,
          after: { enabled: after.enabled, version: after.version },
        },
        ctx
      )
    )
  }

  /** Runs enable/disable of one tenant one at a time in this process. */
  async #exclusive<T>(tenantId: number, task: () => Promise<T>): Promise<T> {
    const run = (this.#locks.get(tenantId) ?? Promise.resolve()).catch(() => {}).then(task)
    const tail = run.catch(() => {})
    this.#locks.set(tenantId, tail)
    try {
      return await run
    } finally {
      if (this.#locks.get(tenantId) === tail) this.#locks.delete(tenantId)
    }
  }
}

/** The plugin states of this process. */
const pluginState = new PluginStateService()
export default pluginState
