import { randomBytes } from 'node:crypto'
import tenancyConfig from '#config/tenancy'
import tenantProvisioner from '#tenants/provisioning'
import tenancy from '#tenants/tenancy'
import type Tenant from '#tenants/models/tenant'

export const TEST_PASSWORD = 'secret-pass-1'

/** A fresh tenant with an admin `admin` / TEST_PASSWORD; the slug is unique per call. */
export async function createTestTenant(prefix = 't', options: { locale?: string } = {}) {
  const slug = `${prefix}-${randomBytes(3).toString('hex')}`
  const tenant = await tenantProvisioner.provision({
    slug,
    name: `Clinic ${slug}`,
    adminLogin: 'admin',
    adminPassword: TEST_PASSWORD,
    locale: options.locale,
  })
  return tenant
}

/** The Host header value of a tenant (what a browser sends for its subdomain). */
export function hostOf(tenant: Tenant | string) {
  const slug = typeof tenant === 'string' ? tenant : tenant.slug
  return `${slug}.${tenancyConfig.appDomain}:${tenancyConfig.port}`
}

/** Runs code inside a tenant, as a request or job would. */
export function inTenant<T>(tenant: Tenant, callback: () => Promise<T>) {
  return tenancy.runWithTenant(tenant, callback)
}
