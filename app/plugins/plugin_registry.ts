import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import semver from 'semver'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { PluginManifest } from './define_plugin.js'
import { validateManifest } from './manifest_validator.js'

/** A manifest found on disk (or given in memory by a test), not yet validated. */
export interface PluginCandidate {
  manifest: unknown
  /** Where it came from: `plugins/<id>/plugin.ts` relative to the app root, or a label. */
  source: string
  /** Absolute folder of the plugin when discovered on disk. */
  dir?: string
  /** Why plugin.ts could not be imported. */
  importError?: string
}

/** A valid plugin whose requirements are loaded too. */
export interface LoadedPlugin {
  id: string
  manifest: PluginManifest
  source: string
  dir?: string
  /** Its tenant migrations folder relative to the app root (what the tenant migrator expects). */
  migrationsPath?: string
}

/** A plugin the host did not load, and why. */
export interface RefusedPlugin {
  id: string | null
  source: string
  reasons: string[]
}

/** Folders searched for `<folder>/plugin.ts`: `plugins/`, plus the fixtures in the test environment. */
export function pluginRoots(): string[] {
  const roots = [app.makePath('plugins')]
  if (app.inTest) roots.push(app.makePath('tests/fixtures/plugins'))
  return roots
}

/** The host's version (package.json), matched against each plugin's `host` range. */
export function hostVersion(): string {
  const version = app.version?.toString()
  if (version && semver.valid(version)) return version
  return JSON.parse(readFileSync(app.makePath('package.json'), 'utf8')).version
}

/**
 * The plugins this process runs. Discovery validates every manifest, refuses
 * duplicates, bad `host` ranges and unmet `requires` (a refused plugin takes
 * its dependents with it) and keeps the rest in dependency order. A refused
 * plugin is logged and skipped; the others keep working.
 */
export class PluginRegistry {
  #loaded = new Map<string, LoadedPlugin>()
  #refused: RefusedPlugin[] = []

  /** Options default to this app's version and root; `quiet` skips logging refusals (tests). */
  constructor(
    protected options: { hostVersion?: string; appRoot?: string; quiet?: boolean } = {}
  ) {}

  /** Imports `<root>/<folder>/plugin.ts` (or `.js` in a build) of every root, then loads them. */
  async discover(roots: string[] = pluginRoots()) {
    const candidates: PluginCandidate[] = []
    for (const root of roots) {
      if (!existsSync(root)) continue
      for (const folder of readdirSync(root).sort()) {
        const dir = join(root, folder)
        const file = ['plugin.ts', 'plugin.js']
          .map((name) => join(dir, name))
          .find((path) => existsSync(path))
        if (!statSync(dir).isDirectory() || !file) continue
        candidates.push(await this.#importCandidate(file, dir))
      }
    }
    await this.load(candidates)
  }

  /** Validates and resolves candidates (replaces whatever was loaded before). */
  async load(candidates: PluginCandidate[]) {
    this.#loaded.clear()
    this.#refused = []
    const valid = new Map<string, LoadedPlugin>()

    for (const candidate of candidates) {
      const manifest = candidate.manifest as PluginManifest
      const id = typeof manifest?.id === 'string' ? manifest.id : null
      const reasons = candidate.importError
        ? [`could not be imported: ${candidate.importError}`]
        : await validateManifest(manifest, this.hostVersion)
      if (!reasons.length && candidate.dir)
        reasons.push(...this.#folderProblems(manifest, candidate.dir))
      if (!reasons.length && valid.has(id!)) {
        reasons.push(`id: duplicate of "${id}" from ${valid.get(id!)!.source}`)
      }
      if (reasons.length) {
        this.#refuse({ id, source: candidate.source, reasons })
        continue
      }
      valid.set(id!, {
        id: id!,
        manifest,
        source: candidate.source,
        dir: candidate.dir,
        migrationsPath:
          candidate.dir && manifest.migrations
            ? relative(this.appRoot, join(candidate.dir, manifest.migrations))
            : undefined,
      })
    }

    this.#dropUnmetRequirements(valid)
    for (const plugin of this.#dependencyOrder(valid)) this.#loaded.set(plugin.id, plugin)
  }

  /** Loaded plugins in dependency order (a plugin comes after those it requires). */
  all(): LoadedPlugin[] {
    return [...this.#loaded.values()]
  }

  get(id: string): LoadedPlugin | undefined {
    return this.#loaded.get(id)
  }

  has(id: string) {
    return this.#loaded.has(id)
  }

  refused(): RefusedPlugin[] {
    return [...this.#refused]
  }

  /** Loaded plugins that require `id`. */
  dependentsOf(id: string): LoadedPlugin[] {
    return this.all().filter((plugin) => plugin.manifest.requires?.[id] !== undefined)
  }

  /** Takes a loaded plugin out (its boot failed, say), and the plugins that require it. */
  refuseLoaded(id: string, reason: string) {
    const plugin = this.#loaded.get(id)
    if (!plugin) return
    this.#loaded.delete(id)
    this.#refuse({ id, source: plugin.source, reasons: [reason] })
    for (const dependent of this.dependentsOf(id))
      this.refuseLoaded(dependent.id, `requires: "${id}" was refused`)
  }

  get hostVersion() {
    this.options.hostVersion ??= hostVersion()
    return this.options.hostVersion
  }

  get appRoot() {
    this.options.appRoot ??= fileURLToPath(app.appRoot)
    return this.options.appRoot
  }

  async #importCandidate(file: string, dir: string): Promise<PluginCandidate> {
    const source = relative(this.appRoot, file)
    try {
      const module = await import(pathToFileURL(file).href)
      return { manifest: module.default, source, dir }
    } catch (error) {
      return { manifest: undefined, source, dir, importError: (error as Error).message }
    }
  }

  #folderProblems(manifest: PluginManifest, dir: string) {
    const reasons: string[] = []
    if (basename(dir) !== manifest.id)
      reasons.push(`id: "${manifest.id}" must equal its folder name "${basename(dir)}"`)
    if (manifest.migrations && !existsSync(join(dir, manifest.migrations))) {
      reasons.push(`migrations: folder "${manifest.migrations}" does not exist`)
    }
    return reasons
  }

  /** Refuses plugins whose requirement is missing or of another version, until nothing changes. */
  #dropUnmetRequirements(valid: Map<string, LoadedPlugin>) {
    let changed = true
    while (changed) {
      changed = false
      for (const plugin of [...valid.values()]) {
        const reasons = Object.entries(plugin.manifest.requires ?? {}).flatMap(([id, range]) => {
          const required = valid.get(id)
          if (!required) return [`requires: "${id}" ${range} is not available`]
          if (!semver.satisfies(required.manifest.version, range, { includePrerelease: true })) {
            return [`requires: "${id}" ${range}, found ${required.manifest.version}`]
          }
          return []
        })
        if (!reasons.length) continue
        valid.delete(plugin.id)
        this.#refuse({ id: plugin.id, source: plugin.source, reasons })
        changed = true
      }
    }
  }

  /** Topological order by `requires` (ties by id); plugins caught in a cycle are refused. */
  #dependencyOrder(valid: Map<string, LoadedPlugin>): LoadedPlugin[] {
    const ordered: LoadedPlugin[] = []
    const placed = new Set<string>()
    const pending = [...valid.values()].sort((a, b) => a.id.localeCompare(b.id))
    let progress = true
    while (progress) {
      progress = false
      for (const plugin of pending) {
        if (placed.has(plugin.id)) continue
        if (Object.keys(plugin.manifest.requires ?? {}).every((id) => placed.has(id))) {
          ordered.push(plugin)
          placed.add(plugin.id)
          progress = true
        }
      }
    }
    for (const plugin of pending.filter((candidate) => !placed.has(candidate.id))) {
      this.#refuse({
        id: plugin.id,
        source: plugin.source,
        reasons: ['requires: dependency cycle'],
      })
    }
    return ordered
  }

  #refuse(refusal: RefusedPlugin) {
    this.#refused.push(refusal)
    if (!this.options.quiet)
      logger.warn(
        { plugin: refusal.id, source: refusal.source, reasons: refusal.reasons },
        'plugin refused'
      )
  }
}

/** The registry of this process, filled by the plugin provider at boot. */
const pluginRegistry = new PluginRegistry()
export default pluginRegistry
