import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** node ace tenant:create <slug> --name … --admin-login … --admin-password … */
export default class TenantCreate extends BaseCommand {
  static commandName = 'tenant:create'
  static description = 'Create a clinic tenant: its database, schema, roles, first branch and admin'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Subdomain of the clinic (a-z, 0-9, -)' })
  declare slug: string

  @flags.string({ description: 'Clinic name', required: true })
  declare name: string

  @flags.string({ description: 'Login of the first admin', required: true })
  declare adminLogin: string

  @flags.string({ description: 'Password of the first admin (min 8 characters)', required: true })
  declare adminPassword: string

  @flags.string({ description: 'IANA timezone (default Asia/Tashkent)' })
  declare timezone?: string

  @flags.string({ description: 'ru, uz or en (default ru)' })
  declare locale?: string

  async run() {
    const { errors } = await import('@vinejs/vine')
    const { createTenantValidator, toProvisionInput } = await import('#validators/tenant')
    const { default: tenantProvisioner } = await import('#tenants/provisioning')
    const { tenantUrl } = await import('#services/platform_setup')
    const { migrateCentralDatabase } = await import('#tenants/tenant_migrator')

    await migrateCentralDatabase()
    try {
      const input = await createTenantValidator.validate({
        slug: this.slug,
        name: this.name,
        admin_login: this.adminLogin,
        admin_password: this.adminPassword,
        timezone: this.timezone,
        locale: this.locale,
      })
      const startedAt = performance.now()
      const tenant = await tenantProvisioner.provision(toProvisionInput(input))
      const ms = Math.round(performance.now() - startedAt)
      this.logger.success(`Tenant ${tenant.slug} created in ${ms} ms: ${tenantUrl(tenant.slug)}`)
    } catch (error) {
      if (error instanceof errors.E_VALIDATION_ERROR) {
        for (const message of error.messages)
          this.logger.error(`${message.field}: ${message.message}`)
      } else {
        this.logger.error((error as Error).message)
      }
      this.exitCode = 1
    }
  }
}
