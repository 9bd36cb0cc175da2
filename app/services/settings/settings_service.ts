import db from '@adonisjs/lucid/services/db'
import vine, { errors } from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import Setting from '#models/setting'
import Branch from '#models/branch'
import { audit } from '#services/audit_service'
import { currentTenantOrFail } from '#tenants/context'
import settingsRegistry from './settings_registry.js'
import { isMasked, maskSecret, openSecret, sealSecret } from './secret_values.js'

type Values = Record<string, unknown>
const TENANT_WIDE = 0

/** The clinic's name on documents and screens: the `clinic.name` setting, else the tenant's name. */
export function clinicNameOf(settings: Values): string {
  return (settings['clinic.name'] as string) || currentTenantOrFail().tenant.name
}

/**
 * The one way to read and write settings: defaults ← tenant values ← branch
 * overrides. Effective values are cached in the tenant's cache namespace and
 * dropped on every write.
 */
export class SettingsService {
  /** Effective values for the tenant, or for one branch of it; secrets decrypted. */
  async effective(branchId?: number): Promise<Values> {
    const values = { ...(await this.#stored(branchId)) }
    for (const key of this.#secretKeys(values)) values[key] = openSecret(values[key])
    return values
  }

  /** Effective values as people see them: secrets masked (`••••1234`), never in full. */
  async forDisplay(branchId?: number): Promise<Values> {
    const values = await this.effective(branchId)
    for (const key of this.#secretKeys(values)) values[key] = maskSecret(values[key])
    return values
  }

  /** Keys of the values that are secrets. */
  #secretKeys(values: Values) {
    return Object.keys(values).filter((key) => settingsRegistry.find(key)?.definition.secret)
  }

  /** Defaults ← tenant ← branch as stored (secrets still sealed); cached per scope. */
  async #stored(branchId?: number): Promise<Values> {
    const scope = branchId ?? TENANT_WIDE
    const plugins = await settingsRegistry.visiblePlugins()
    return currentTenantOrFail().cache.getOrSet({
      key: `settings:${scope}:${[...plugins].sort().join(',')}`,
      ttl: '10m',
      factory: async () => {
        const rows = await Setting.query()
          .whereIn('branch_id', [TENANT_WIDE, scope])
          .orderBy('branch_id')
        const values = settingsRegistry.defaults(plugins)
        for (const row of rows) if (row.key in values) values[row.key] = row.value
        return values
      },
    })
  }

  /** `clinicNameOf` the effective settings of the tenant or of one branch. */
  async clinicName(branchId?: number): Promise<string> {
    return clinicNameOf(await this.effective(branchId))
  }

  async get<T = unknown>(key: string, branchId?: number): Promise<T> {
    return (await this.effective(branchId))[key] as T
  }

  /**
   * Validates every value first (unknown keys and bad values → 422 naming
   * `values.<key>`), then writes all of them in one transaction.
   */
  async update(values: Values, branchId: number | undefined, ctx?: HttpContext): Promise<Values> {
    if (branchId !== undefined) await Branch.findOrFail(branchId)
    /** A masked secret sent back unchanged by a form means "keep it". */
    const changed = Object.fromEntries(
      Object.entries(values).filter(
        ([key, value]) => !(settingsRegistry.find(key)?.definition.secret && isMasked(value))
      )
    )
    const clean = await this.#validate(changed, branchId !== undefined, ctx)
    const before = await this.forDisplay(branchId)

    await db.connection(currentTenantOrFail().connectionName).transaction(async (trx) => {
      for (const [key, value] of Object.entries(clean)) {
        await Setting.updateOrCreate(
          { branchId: branchId ?? TENANT_WIDE, key },
          { value: settingsRegistry.find(key)?.definition.secret ? sealSecret(value) : value },
          { client: trx }
        )
      }
    })
    await currentTenantOrFail().cache.clear()
    const after = await this.forDisplay(branchId)

    await audit(
      {
        event: 'settings.updated',
        entityType: branchId === undefined ? 'tenant' : 'branch',
        entityId: branchId ?? TENANT_WIDE,
        before: Object.fromEntries(Object.keys(clean).map((key) => [key, before[key]])),
        after: Object.fromEntries(Object.keys(clean).map((key) => [key, after[key]])),
      },
      ctx
    )
    return after
  }

  async #validate(values: Values, forBranch: boolean, ctx?: HttpContext): Promise<Values> {
    const messagesProvider = ctx?.i18n.createMessagesProvider()
    const plugins = await settingsRegistry.visiblePlugins()
    const say = (rule: string, fallback: string) =>
      ctx?.i18n.t(`validator.shared.messages.${rule}`, {}, fallback) ?? fallback
    const clean: Values = {}
    const problems: { field: string; rule: string; message: string }[] = []
    for (const [key, value] of Object.entries(values)) {
      const found = settingsRegistry.find(key, plugins)
      const field = `values.${key}`
      if (!found) {
        problems.push({
          field,
          rule: 'unknownSetting',
          message: say('unknownSetting', 'Unknown setting'),
        })
        continue
      }
      if (forBranch && !found.definition.branchOverride) {
        problems.push({
          field,
          rule: 'tenantOnlySetting',
          message: say('tenantOnlySetting', 'This setting is tenant-wide'),
        })
        continue
      }
      try {
        const result = await vine.validate({
          schema: vine.object({ value: found.definition.schema.clone() as any }),
          data: { value },
          messagesProvider,
        })
        clean[key] = result.value
      } catch (error) {
        if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
        for (const message of error.messages as any[]) problems.push({ ...message, field })
      }
    }
    if (problems.length) throw new errors.E_VALIDATION_ERROR(problems)
    return clean
  }
}

export default new SettingsService()
