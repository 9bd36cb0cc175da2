import cache from '@adonisjs/cache/services/main'
import type Tenant from '#tenants/models/tenant'

/** The tenant's slice of the cache: every key lives under `t:<id>`. */
export type TenantCache = ReturnType<typeof cache.namespace>

export function bootstrapCache(tenant: Tenant): TenantCache {
  return cache.namespace(`t:${tenant.id}`)
}
