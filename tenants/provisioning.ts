import logger from '@adonisjs/core/services/logger'
import { Exception } from '@adonisjs/core/exceptions'
import Tenant from '#tenants/models/tenant'
import tenancy from '#tenants/tenancy'
import tenantMigrator from '#tenants/tenant_migrator'
import tenantResolver from '#tenants/tenant_resolver'
import {
  createTenantDatabase,
  databaseLocationFor,
  dropTenantDatabase,
} from '#tenants/tenant_databases'

export interface ProvisionInput {
  slug: string
  name: string
  adminLogin: string
  adminPassword: string
  timezone?: string
  locale?: string
}

export class TenantExistsException extends Exception {
  static status = 409
  static code = 'TENANT_EXISTS'
}

/**
 * What a new tenant gets inside its own database once it is migrated (roles,
 * first branch, admin user, settings, default plugins). The host registers it
 * at boot: the kernel does not know the clinic domain.
 */
export type TenantSeeder = (tenant: Tenant, input: ProvisionInput) => Promise<void>

interface Step {
  name: string
  run: () => Promise<void>
  compensate?: () => Promise<void>
}

/**
 * Creates tenants as ordered, compensating steps: record → database → migrate →
 * seed → activate. When a step fails, the finished ones are undone in reverse,
 * so no half-made tenant is left behind.
 */
export class TenantProvisioner {
  #seeders: TenantSeeder[] = []

  addSeeder(seeder: TenantSeeder) {
    this.#seeders.push(seeder)
  }

  async provision(input: ProvisionInput): Promise<Tenant> {
    if (await Tenant.findBy('slug', input.slug)) {
      throw new TenantExistsException(`Tenant "${input.slug}" already exists`)
    }

    const tenant = new Tenant()
    const steps: Step[] = [
      {
        name: 'record',
        run: async () => {
          tenant.merge({
            slug: input.slug,
            name: input.name,
            status: 'provisioning',
            locale: input.locale ?? 'ru',
            timezone: input.timezone ?? 'Asia/Tashkent',
            ...databaseLocationFor(input.slug),
          })
          await tenant.save()
        },
        compensate: async () => {
          await tenant.delete()
        },
      },
      {
        name: 'database',
        run: () => createTenantDatabase(tenant),
        compensate: async () => {
          await tenancy.release(tenant.id)
          await dropTenantDatabase(tenant)
        },
      },
      { name: 'migrate', run: () => tenantMigrator.migrate(tenant) },
      {
        name: 'seed',
        run: () =>
          tenancy.runWithTenant(tenant, async () => {
            for (const seeder of this.#seeders) await seeder(tenant, input)
          }),
      },
      {
        name: 'activate',
        run: async () => {
          tenant.status = 'active'
          await tenant.save()
          tenantResolver.forget()
        },
      },
    ]

    const done: Step[] = []
    for (const step of steps) {
      try {
        await step.run()
        done.push(step)
      } catch (error) {
        logger.error(
          { err: error, tenant: input.slug, step: step.name },
          'tenant provisioning failed'
        )
        for (const finished of done.reverse()) {
          await finished
            .compensate?.()
            .catch((undoError) =>
              logger.error(
                { err: undoError, step: finished.name },
                'provisioning compensation failed'
              )
            )
        }
        throw error
      }
    }
    return tenant
  }
}

const tenantProvisioner = new TenantProvisioner()
export default tenantProvisioner
