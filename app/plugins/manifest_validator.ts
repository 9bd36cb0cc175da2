import vine, { errors, SimpleMessagesProvider } from '@vinejs/vine'
import semver from 'semver'
import { isDefinedPlugin, type PluginManifest } from './define_plugin.js'

/** Plugin ids: `cardiology`, or vendor-prefixed `acme.xray`. */
export const PLUGIN_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/
const SETTING_KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/

const semverRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string' || !semver.valid(value)) {
    field.report('{{ field }} must be a valid semver version', 'semver', field)
  }
})

const rangeRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string' || semver.validRange(value) === null) {
    field.report('{{ field }} must be a valid semver range', 'semverRange', field)
  }
})

const functionRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'function') field.report('{{ field }} must be a function', 'function', field)
})

const localized = () =>
  vine.object({
    ru: vine.string().trim().minLength(1),
    uz: vine.string().trim().minLength(1),
    en: vine.string().trim().minLength(1),
  })

const optionalFunction = () => vine.any().use(functionRule()).optional()

const manifestSchema = vine.object({
  id: vine.string().regex(PLUGIN_ID).maxLength(100),
  version: vine.string().use(semverRule()),
  host: vine.string().use(rangeRule()),
  requires: vine.record(vine.string().use(rangeRule())).optional(),
  name: localized(),
  description: localized().optional(),
  permissions: vine.array(vine.object({ code: vine.string(), label: localized() })).optional(),
  settings: vine
    .array(
      vine.object({
        key: vine.string().regex(SETTING_KEY),
        schema: vine.any(),
        default: vine.any().optional(),
        branchOverride: vine.boolean({ strict: true }).optional(),
        label: localized().optional(),
        hint: localized().optional(),
      })
    )
    .optional(),
  migrations: vine.string().minLength(1).optional(),
  nav: vine
    .array(
      vine.object({
        label: localized(),
        href: vine.string().startsWith('/'),
        icon: vine.string(),
        permission: vine.string().optional(),
      })
    )
    .optional(),
  routes: optionalFunction(),
  boot: optionalFunction(),
  install: optionalFunction(),
  uninstall: optionalFunction(),
  enabledByDefault: vine.boolean({ strict: true }).optional(),
})

const validator = vine.compile(manifestSchema)
const messages = new SimpleMessagesProvider({
  regex: '{{ field }} has an invalid format',
})

/**
 * Checks a plugin manifest on its own (ids of other plugins are resolved by the
 * registry). Returns the reasons it is refused; empty when it is valid.
 * `hostVersion` is the host's package.json version.
 */
export async function validateManifest(manifest: unknown, hostVersion: string): Promise<string[]> {
  if (!isDefinedPlugin(manifest)) return ['plugin.ts must `export default definePlugin({ … })`']

  try {
    // Validates a plain copy: VineJS must not touch the frozen manifest.
    await validator.validate({ ...manifest }, { messagesProvider: messages })
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    return (error.messages as { field: string; message: string }[]).map(
      (m) => `${m.field}: ${m.message}`
    )
  }
  return crossFieldProblems(manifest, hostVersion)
}

async function crossFieldProblems(manifest: PluginManifest, hostVersion: string) {
  const reasons: string[] = []
  if (!semver.satisfies(hostVersion, manifest.host, { includePrerelease: true })) {
    reasons.push(`host: needs host ${manifest.host}, this host is ${hostVersion}`)
  }
  for (const required of Object.keys(manifest.requires ?? {})) {
    if (!PLUGIN_ID.test(required)) reasons.push(`requires: "${required}" is not a plugin id`)
    if (required === manifest.id) reasons.push('requires: a plugin cannot require itself')
  }

  const codes = new Set<string>()
  for (const { code } of manifest.permissions ?? []) {
    if (!code.startsWith(`${manifest.id}.`) || code.length <= manifest.id.length + 1) {
      reasons.push(`permissions: "${code}" must start with "${manifest.id}."`)
    }
    if (codes.has(code)) reasons.push(`permissions: "${code}" is declared twice`)
    codes.add(code)
  }

  const keys = new Set<string>()
  for (const setting of manifest.settings ?? []) {
    if (keys.has(setting.key)) reasons.push(`settings: "${setting.key}" is declared twice`)
    keys.add(setting.key)
    reasons.push(...(await defaultProblems(setting.key, setting.schema, setting.default)))
  }

  if (
    manifest.migrations &&
    (manifest.migrations.includes('..') || manifest.migrations.startsWith('/'))
  ) {
    reasons.push('migrations: must be a folder inside the plugin')
  }
  return reasons
}

/** The setting's schema must be a VineJS schema and its default must pass it. */
async function defaultProblems(key: string, schema: unknown, value: unknown) {
  if (typeof (schema as any)?.clone !== 'function')
    return [`settings: "${key}" needs a VineJS schema`]
  try {
    await vine.validate({
      schema: vine.object({ value: (schema as any).clone() }),
      data: { value },
    })
    return []
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    return [`settings: the default of "${key}" does not pass its schema`]
  }
}
