import Role from '#models/role'
import User from '#models/user'
import Branch from '#models/branch'
import Setting from '#models/setting'
import { SYSTEM_ROLES } from '#services/permission_catalog'
import type Tenant from '#tenants/models/tenant'
import { currentTenantOrFail } from '#tenants/context'
import type { ProvisionInput } from '#tenants/provisioning'

/**
 * The provisioning seed of every new tenant: built-in roles, the first branch
 * (the tenant's timezone and locale) and the admin user. Runs inside the tenant.
 */
export async function seedNewTenant(tenant: Tenant, input: ProvisionInput) {
  /* A tenant id can come back (a database restored or recreated): start with an empty cache. */
  await currentTenantOrFail().cache.clear()

  for (const role of SYSTEM_ROLES) {
    await Role.updateOrCreate(
      { name: role.name },
      { isSystem: true, permissions: role.permissions }
    )
  }

  /* Settings are the one source of local time and language (queue windows, tickets). */
  for (const [key, value] of Object.entries({ timezone: tenant.timezone, locale: tenant.locale })) {
    await Setting.updateOrCreate({ branchId: 0, key }, { value })
  }

  await Branch.create({
    name: tenant.name,
    timezone: tenant.timezone,
    locale: tenant.locale,
    isDefault: true,
  })

  const admin = await User.create({
    login: input.adminLogin,
    password: input.adminPassword,
    fullName: input.adminLogin,
    isActive: true,
  })
  const adminRole = await Role.findByOrFail('name', 'admin')
  await admin.related('roles').attach([adminRole.id])
}
