import type Tenant from '#tenants/models/tenant'

/**
 * Real-time channel names of a tenant. Every channel starts with
 * `tenant/<id>/`, so a subscription check can tell which tenant owns it.
 */
export class TenantChannels {
  constructor(readonly prefix: string) {}

  /** `name('branch/3/board')` → `tenant/7/branch/3/board` */
  name(channel: string) {
    return `${this.prefix}${channel.replace(/^\/+/, '')}`
  }

  /** True when `channel` belongs to this tenant. */
  owns(channel: string) {
    return channel.startsWith(this.prefix)
  }
}

export function bootstrapChannels(tenant: Tenant) {
  return new TenantChannels(`tenant/${tenant.id}/`)
}
