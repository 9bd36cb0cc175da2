import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { Exception } from '@adonisjs/core/exceptions'
import tenancyConfig from '#config/tenancy'
import Tenant from '#tenants/models/tenant'
import { runInTenantContext, type TenantRuntime } from '#tenants/context'
import { connectionConfigFor, databaseOfConfig } from '#tenants/tenant_databases'
import { bootstrapCache } from '#tenants/bootstrappers/cache'
import { bootstrapFiles } from '#tenants/bootstrappers/drive'
import { bootstrapJobs } from '#tenants/bootstrappers/jobs'
import { bootstrapChannels } from '#tenants/bootstrappers/transmit'
import { UnknownTenantException } from '#tenants/errors'

interface Entry {
  runtime: TenantRuntime
  lastUsedAt: number
  activeUses: number
}

/**
 * The connection registry and runtime cache of the tenancy kernel.
 *
 * A tenant's runtime (Lucid connection `tenant:<id>`, cache namespace, file
 * prefix, job dispatcher, channel names) is bootstrapped lazily on first use and
 * kept while it is used. A sweeper timer releases runtimes idle for
 * `idleSeconds`, and the least recently used ones whenever more than
 * `maxOpenConnections` are open, so thousands of tenants do not mean thousands
 * of open connections. Nothing is released while a request or job uses it.
 */
export class Tenancy {
  #entries = new Map<number, Entry>()
  #sweeper?: NodeJS.Timeout
  #sweepScheduled = false

  /** Runs `callback` inside the tenant: its connection, cache, files, jobs and channels. */
  async runWithTenant<T>(tenant: Tenant, callback: () => T | Promise<T>): Promise<T> {
    const entry = this.#acquire(tenant)
    try {
      return await runInTenantContext(entry.runtime, callback)
    } finally {
      entry.activeUses--
      entry.lastUsedAt = Date.now()
    }
  }

  /** Same as runWithTenant for a tenant id (jobs, commands). */
  async runForTenantId<T>(tenantId: number, callback: () => T | Promise<T>): Promise<T> {
    const tenant = await Tenant.find(tenantId)
    if (!tenant) throw new UnknownTenantException(`Tenant ${tenantId} does not exist`)
    return this.runWithTenant(tenant, callback)
  }

  /** How many tenant connections this process holds right now. */
  openConnections() {
    return this.#entries.size
  }

  /** Releases one tenant's runtime now (after suspension, deletion or a failed provisioning). */
  async release(tenantId: number) {
    const entry = this.#entries.get(tenantId)
    if (!entry) return
    this.#entries.delete(tenantId)
    await db.manager.close(entry.runtime.connectionName, true)
  }

  /** Starts the idle sweeper (the tenancy provider calls it). */
  start() {
    this.#sweeper ??= setInterval(() => void this.sweep(), tenancyConfig.sweepIntervalMs)
    this.#sweeper.unref()
  }

  async shutdown() {
    clearInterval(this.#sweeper)
    this.#sweeper = undefined
    for (const tenantId of [...this.#entries.keys()]) await this.release(tenantId)
  }

  /**
   * Releases idle runtimes and, above the cap, the least recently used unused ones.
   * Runs from the timer (or scheduled with setImmediate), never inside a request.
   */
  async sweep() {
    const now = Date.now()
    const idle = [...this.#entries.entries()]
      .filter(([, entry]) => entry.activeUses === 0)
      .sort(([, a], [, b]) => a.lastUsedAt - b.lastUsedAt)

    let excess = this.#entries.size - tenancyConfig.maxOpenConnections
    for (const [tenantId, entry] of idle) {
      const expired = now - entry.lastUsedAt > tenancyConfig.idleSeconds * 1000
      if (!expired && excess <= 0) break
      excess--
      await this.release(tenantId).catch((error) =>
        logger.warn({ err: error, tenantId }, 'could not release tenant connection')
      )
    }
  }

  #acquire(tenant: Tenant): Entry {
    let entry = this.#entries.get(tenant.id)
    if (!entry || entry.runtime.tenant.dbName !== tenant.dbName) {
      entry = { runtime: this.#bootstrap(tenant), lastUsedAt: Date.now(), activeUses: 0 }
      this.#entries.set(tenant.id, entry)
      this.#scheduleSweepWhenOverCap()
    }
    entry.runtime.tenant = tenant
    entry.activeUses++
    entry.lastUsedAt = Date.now()
    return entry
  }

  #bootstrap(tenant: Tenant): TenantRuntime {
    const connectionName = `tenant:${tenant.id}`
    const config = connectionConfigFor(tenant)
    const registered = db.manager.get(connectionName)
    if (!registered) {
      db.manager.add(connectionName, config)
    } else if (databaseOfConfig(registered.config) !== tenant.dbName) {
      db.manager.patch(connectionName, config)
    }
    this.#assertOwnership(connectionName, tenant)

    return {
      tenant,
      connectionName,
      cache: bootstrapCache(tenant),
      files: bootstrapFiles(tenant),
      jobs: bootstrapJobs(tenant),
      channels: bootstrapChannels(tenant),
    }
  }

  /** Hardening: a tenant connection must point at that tenant's own database. */
  #assertOwnership(connectionName: string, tenant: Tenant) {
    const registered = db.manager.get(connectionName)
    const database = registered && databaseOfConfig(registered.config)
    if (database !== tenant.dbName) {
      throw new Exception(
        `Connection ${connectionName} points at "${database}", not at tenant ${tenant.slug}'s database`,
        { code: 'E_CROSS_TENANT_ACCESS', status: 500 }
      )
    }
  }

  #scheduleSweepWhenOverCap() {
    if (this.#entries.size <= tenancyConfig.maxOpenConnections || this.#sweepScheduled) return
    this.#sweepScheduled = true
    setImmediate(() => {
      this.#sweepScheduled = false
      void this.sweep()
    })
  }
}

const tenancy = new Tenancy()
export default tenancy
