import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#tenants/models/tenant'
import tenantProvisioner from '#tenants/provisioning'
import { createTenantValidator, toProvisionInput } from '#validators/tenant'
import { tenantUrl } from '#services/platform_setup'

/** Operator API: create and list tenants. */
export default class TenantsController {
  async index() {
    const tenants = await Tenant.query().orderBy('id')
    return tenants.map((tenant) => ({
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      status: tenant.status,
      locale: tenant.locale,
      timezone: tenant.timezone,
      schema_version: tenant.schemaVersion,
      url: tenantUrl(tenant.slug),
      created_at: tenant.createdAt.toISO(),
    }))
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createTenantValidator)
    const tenant = await tenantProvisioner.provision(toProvisionInput(input))
    return response.created({ id: tenant.id, slug: tenant.slug, url: tenantUrl(tenant.slug) })
  }
}
