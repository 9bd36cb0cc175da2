import { AsyncLocalStorage } from 'node:async_hooks'
import type Tenant from '#tenants/models/tenant'
import { Exception } from '@adonisjs/core/exceptions'

/**
 * What the rest of the request (or job) sees of the tenant it runs for.
 * Built once per tenant by the bootstrappers and reused until the tenant
 * is released by the connection registry.
 */
export interface TenantRuntime {
  tenant: Tenant
  /** Lucid connection name of the tenant database: `tenant:<id>`. */
  connectionName: string
  /** Cache namespace `t:<id>`. */
  cache: import('./bootstrappers/cache.js').TenantCache
  /** Drive disk scoped to `tenants/<id>/`. */
  files: import('./bootstrappers/drive.js').TenantFiles
  /** Dispatches jobs whose payload carries the tenant. */
  jobs: import('./bootstrappers/jobs.js').TenantJobs
  /** Real-time channel names prefixed with the tenant. */
  channels: import('./bootstrappers/transmit.js').TenantChannels
}

const storage = new AsyncLocalStorage<TenantRuntime>()

/**
 * Runs `callback` with `runtime` as the current tenant. Everything awaited
 * inside (queries, jobs dispatched, events) sees this tenant.
 */
export function runInTenantContext<T>(runtime: TenantRuntime, callback: () => T): T {
  return storage.run(runtime, callback)
}

/** The tenant the current code runs for, or undefined on the platform. */
export function currentTenant(): TenantRuntime | undefined {
  return storage.getStore()
}

/** Thrown when tenant-only code runs outside a tenant. */
export class NoTenantContextException extends Exception {
  static status = 500
  static code = 'E_NO_TENANT_CONTEXT'
  static message = 'This code must run inside a tenant context'
}

/**
 * The tenant the current code runs for. Throws outside a tenant, so a tenant
 * query can never silently run against the central database.
 */
export function currentTenantOrFail(): TenantRuntime {
  const runtime = storage.getStore()
  if (!runtime) throw new NoTenantContextException()
  return runtime
}
