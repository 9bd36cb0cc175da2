import { readdirSync } from 'node:fs'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import Tenant from '#tenants/models/tenant'
import { connectionConfigFor, ensureCentralDatabase } from '#tenants/tenant_databases'

export interface MigrationSet {
  /** Folders relative to the app root. */
  paths: string[]
  /** Bookkeeping table of this set (each plugin keeps its own). */
  tableName: string
}

export interface MigrateAllOptions {
  concurrency?: number
  /** Migrate even tenants whose recorded schema version is already the newest. */
  force?: boolean
  onProgress?: (done: number, total: number, tenant: Tenant, error?: Error) => void
}

/** Creates the central database when missing and applies its migrations. */
export async function migrateCentralDatabase() {
  await ensureCentralDatabase()
  /* No advisory lock either (see runSet). */
  const runner = new MigrationRunner(db, app, {
    direction: 'up',
    connectionName: 'central',
    disableLocks: true,
  })
  await runner.run()
  if (runner.error) throw runner.error
}

const HOST_SET: MigrationSet = { paths: ['database/migrations/tenant'], tableName: 'adonis_schema' }

/**
 * Applies tenant migrations: the host's, then those of each plugin the tenant
 * has enabled (registered through `addMigrationSets`). Records each tenant's
 * schema version in the central database so `migrateAll` can resume.
 */
export class TenantMigrator {
  #extraSets: ((tenant: Tenant) => Promise<MigrationSet[]>)[] = []

  /** Plugins register the migration folders of the plugins a tenant has enabled. */
  addMigrationSets(provider: (tenant: Tenant) => Promise<MigrationSet[]>) {
    this.#extraSets.push(provider)
  }

  /** Name of the newest host tenant migration: the schema version a migrated tenant records. */
  latestVersion() {
    const files = readdirSync(app.makePath(HOST_SET.paths[0]))
      .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
      .map((file) => file.replace(/\.(ts|js)$/, ''))
      .sort()
    return files.at(-1) ?? null
  }

  /** Migrates one tenant up to date. Throws (and records nothing) when a migration fails. */
  async migrate(tenant: Tenant) {
    await this.runSet(tenant, HOST_SET)
    for (const provider of this.#extraSets) {
      for (const set of await provider(tenant)) await this.runSet(tenant, set)
    }
    tenant.schemaVersion = this.latestVersion()
    tenant.migratedAt = DateTime.utc()
    await tenant.save()
  }

  /**
   * Runs one migration set on the tenant database through a short-lived
   * connection whose config carries the set's folders and bookkeeping table.
   */
  async runSet(tenant: Tenant, set: MigrationSet, direction: 'up' | 'down' = 'up') {
    const connectionName = `migrate:${tenant.id}:${set.tableName}`
    db.manager.add(connectionName, connectionConfigFor(tenant, set))
    try {
      /*
       * No advisory lock: Lucid takes GET_LOCK('1'), one name for the whole MySQL
       * server, through a pool that may release it from another connection, so
       * tenants migrating side by side failed with E_UNABLE_RELEASE_LOCK.
       */
      const runner = new MigrationRunner(db, app, {
        direction,
        connectionName,
        batch: direction === 'down' ? 0 : undefined,
        disableLocks: true,
      })
      await runner.run()
      if (runner.error) throw runner.error
    } finally {
      await db.manager.close(connectionName, true)
    }
  }

  /**
   * Migrates every tenant with bounded concurrency. Tenants already at the newest
   * version are skipped (unless `force`), so an interrupted run resumes where it
   * stopped. A failing tenant is reported and does not stop the others.
   */
  async migrateAll(options: MigrateAllOptions = {}) {
    const latest = this.latestVersion()
    const all = await Tenant.query().whereNot('status', 'provisioning').orderBy('id')
    const tenants = all.filter((tenant) => options.force || tenant.schemaVersion !== latest)
    const failures: { tenant: Tenant; error: Error }[] = []
    let done = 0
    let next = 0

    const worker = async () => {
      while (next < tenants.length) {
        const tenant = tenants[next++]
        try {
          await this.migrate(tenant)
          options.onProgress?.(++done, tenants.length, tenant)
        } catch (error) {
          failures.push({ tenant, error: error as Error })
          options.onProgress?.(++done, tenants.length, tenant, error as Error)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker))
    return {
      migrated: tenants.length - failures.length,
      skipped: all.length - tenants.length,
      failures,
    }
  }
}

const tenantMigrator = new TenantMigrator()
export default tenantMigrator
