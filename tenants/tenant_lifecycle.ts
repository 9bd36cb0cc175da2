import Tenant from '#tenants/models/tenant'
import tenancy from '#tenants/tenancy'
import tenantResolver from '#tenants/tenant_resolver'
import { UnknownTenantException } from '#tenants/errors'

/**
 * Suspension and resumption. A suspended tenant's addresses answer 423 and its
 * connection is released; its data stays untouched.
 */
export class TenantLifecycle {
  async suspend(slug: string) {
    const tenant = await this.#find(slug)
    tenant.status = 'suspended'
    await tenant.save()
    tenantResolver.forget()
    await tenancy.release(tenant.id)
    return tenant
  }

  async resume(slug: string) {
    const tenant = await this.#find(slug)
    tenant.status = 'active'
    await tenant.save()
    tenantResolver.forget()
    return tenant
  }

  async #find(slug: string) {
    const tenant = await Tenant.findBy('slug', slug)
    if (!tenant) throw new UnknownTenantException(`No tenant "${slug}"`)
    return tenant
  }
}

export default new TenantLifecycle()
