import tenancyConfig from '#config/tenancy'
import Tenant from '#tenants/models/tenant'
import TenantDomain from '#tenants/models/tenant_domain'

export type HostResolution =
  | { kind: 'platform' }
  | { kind: 'tenant'; tenant: Tenant }
  | { kind: 'unknown'; host: string }
  | { kind: 'invalid' }

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/
const PLATFORM_ALIASES = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** `Demo.Localhost:3333` → `demo.localhost`; null when the header is not a host name. */
export function normalizeHost(header: string | null | undefined): string | null {
  if (!header) return null
  const host = header.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  if (PLATFORM_ALIASES.has(host)) return host
  return HOSTNAME.test(host) ? host : null
}

/**
 * Finds who a request is for: the platform (bare APP_DOMAIN), a tenant by
 * subdomain (`<slug>.<APP_DOMAIN>`), a tenant by custom domain, or nobody.
 * Lookups are cached briefly, so the central database is not hit per request.
 */
export class TenantResolver {
  #cache = new Map<string, { tenantId: number | null; tenant: Tenant | null; expiresAt: number }>()

  async resolve(hostHeader: string | null | undefined): Promise<HostResolution> {
    const host = normalizeHost(hostHeader)
    if (!host) return { kind: 'invalid' }

    const domain = tenancyConfig.appDomain
    if (host === domain || host === `www.${domain}` || PLATFORM_ALIASES.has(host)) {
      return { kind: 'platform' }
    }

    const tenant = await this.#lookup(host)
    return tenant ? { kind: 'tenant', tenant } : { kind: 'unknown', host }
  }

  /** Forget cached lookups (after a tenant is suspended, renamed or given a domain). */
  forget() {
    this.#cache.clear()
  }

  async #lookup(host: string): Promise<Tenant | null> {
    const cached = this.#cache.get(host)
    if (cached && cached.expiresAt > Date.now()) return cached.tenant

    const suffix = `.${tenancyConfig.appDomain}`
    const subdomain = host.endsWith(suffix) ? host.slice(0, -suffix.length) : null
    let tenant: Tenant | null = null
    if (subdomain && !subdomain.includes('.')) {
      tenant = await Tenant.findBy('slug', subdomain)
    }
    if (!tenant) {
      const custom = await TenantDomain.findBy('domain', host)
      tenant = custom ? await Tenant.find(custom.tenantId) : null
    }

    this.#cache.set(host, {
      tenantId: tenant?.id ?? null,
      tenant,
      expiresAt: Date.now() + tenancyConfig.resolverCacheMs,
    })
    return tenant
  }
}

const tenantResolver = new TenantResolver()
export default tenantResolver
