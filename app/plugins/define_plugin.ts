import type router from '@adonisjs/core/services/router'
import type { Logger } from '@adonisjs/core/logger'
import type { SchemaTypes } from '@vinejs/vine/types'
import type { middleware } from '#start/kernel'
import type { JobDefinition } from '#services/jobs/job_definition'
import type { PermissionDefinition } from '#services/permission_catalog'
import type User from '#models/user'
import type Tenant from '#tenants/models/tenant'

/** A text in every language of the panels. */
export type Localized = { ru: string; uz: string; en: string }

/** A permission code a plugin contributes. The code must start with `<plugin id>.`. */
export interface PluginPermission {
  code: string
  label: Localized
}

/**
 * A tenant setting a plugin contributes, edited in Admin → Settings.
 * `key` has no prefix: it is stored and read as `<plugin id>.<key>`.
 */
export interface PluginSetting {
  key: string
  /** VineJS schema of the value (`vine.string().maxLength(50)`, …). The default must pass it. */
  schema: SchemaTypes
  default: unknown
  /** May a branch override the tenant value? Default false. */
  branchOverride?: boolean
  /** The field's label on the settings page (the key without one). */
  label?: Localized
  /** A line under the field. */
  hint?: Localized
}

/** A navigation entry of the panels, shown (group `plugins`) only where the plugin is enabled. */
export interface PluginNavEntry {
  label: Localized
  href: string
  /** PrimeIcons class, e.g. `pi pi-heart`. */
  icon: string
  /** Hidden from users whose roles do not grant this code. */
  permission?: string
}

/** What `routes()` receives besides the router. */
export interface PluginRoutesContext {
  /** The host's named middleware (`auth`, `can`, …). `tenant` and `pluginEnabled` are already applied. */
  middleware: typeof middleware
}

/** Events as a plugin sees them: its listeners run only inside tenants that enabled it. */
export interface PluginEmitter {
  on(event: string, handler: (data: any) => unknown): () => void
  emit(event: string, data?: unknown): Promise<void>
}

/** Jobs as a plugin sees them: names must start with `<plugin id>.`. */
export interface PluginJobs {
  /** Registers a job. A tenant job is skipped (and logged) for tenants that disabled the plugin. */
  register(definition: JobDefinition<any>): void
  /** Queues a job for the current tenant (must run inside a tenant). */
  dispatch(name: string, payload?: Record<string, unknown>): Promise<string>
}

/** Permission helpers given to `boot()`. */
export interface PluginPermissions {
  /** Does the user's role grant the code (or `*`)? */
  has(user: User, code: string): Promise<boolean>
  /** The host's codes and those of every loaded plugin. */
  catalog(): PermissionDefinition[]
}

/** Reads the plugin's own settings in the current tenant (keys without the prefix). */
export interface PluginSettings {
  get<T = unknown>(key: string, branchId?: number): Promise<T>
}

/** What `boot()` receives: runs once per process, not per tenant. */
export interface PluginBootContext {
  pluginId: string
  emitter: PluginEmitter
  jobs: PluginJobs
  permissions: PluginPermissions
  settings: PluginSettings
  logger: Logger
}

/**
 * The manifest and lifecycle of a plugin: the default export of `plugins/<id>/plugin.ts`.
 * See docs/plugins.md.
 */
export interface PluginManifest {
  /** `cardiology`, or vendor-prefixed `acme.xray`: /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/. Equals the folder name. */
  id: string
  /** Semver of the plugin. */
  version: string
  /** Semver range of host versions the plugin works with (`^1.0.0`). */
  host: string
  /** Other plugins (id → semver range) that must be loaded and enabled first. */
  requires?: Record<string, string>
  name: Localized
  description?: Localized
  permissions?: PluginPermission[]
  settings?: PluginSetting[]
  /** Tenant migrations folder relative to the plugin folder, run when a tenant enables the plugin. */
  migrations?: string
  nav?: PluginNavEntry[]
  /** Mounted on tenant hosts behind `tenant` + `pluginEnabled(<id>)`; add `auth`/`can` yourself. */
  routes?(routerService: typeof router, context: PluginRoutesContext): void
  /** Once per process at boot: listeners, jobs. */
  boot?(context: PluginBootContext): void | Promise<void>
  /** Inside the tenant, after the plugin's migrations ran, when a tenant enables the plugin. */
  install?(tenant: Tenant): void | Promise<void>
  /** Inside the tenant when it disables the plugin. Tables and data stay. */
  uninstall?(tenant: Tenant): void | Promise<void>
  /** Enabled for every new tenant at provisioning. */
  enabledByDefault?: boolean
}

const PLUGIN_MARK = Symbol.for('clinic.plugin')

/**
 * Declares a plugin. The returned manifest is frozen; the host validates it
 * at boot (id, semver, host range, requires, permission and setting keys).
 *
 * @example
 * export default definePlugin({ id: 'cardiology', version: '1.0.0', host: '^1.0.0', name: { ru, uz, en } })
 */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  Object.defineProperty(manifest, PLUGIN_MARK, { value: true, enumerable: false })
  return Object.freeze(manifest)
}

/** Was this object made by `definePlugin`? */
export function isDefinedPlugin(value: unknown): value is PluginManifest {
  return typeof value === 'object' && value !== null && (value as any)[PLUGIN_MARK] === true
}
