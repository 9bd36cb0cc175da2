import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** node ace tenant:suspend <slug> [--resume] */
export default class TenantSuspend extends BaseCommand {
  static commandName = 'tenant:suspend'
  static description = 'Suspend a tenant (its addresses answer 423) or resume it with --resume'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Tenant slug' })
  declare slug: string

  @flags.boolean({ description: 'Resume a suspended tenant' })
  declare resume: boolean

  async run() {
    const { default: tenantLifecycle } = await import('#tenants/tenant_lifecycle')
    try {
      const tenant = this.resume
        ? await tenantLifecycle.resume(this.slug)
        : await tenantLifecycle.suspend(this.slug)
      this.logger.success(`Tenant ${tenant.slug} is now ${tenant.status}`)
    } catch (error) {
      this.logger.error((error as Error).message)
      this.exitCode = 1
    }
  }
}
