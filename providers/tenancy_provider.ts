import type { ApplicationService } from '@adonisjs/core/types'
import env from '#start/env'

/**
 * Boots the tenancy kernel: prepares the central database and tenant schemas
 * on start, creates the demo clinic when DEMO is on, runs the connection
 * sweeper and (with Redis) the job worker, and releases everything on shutdown.
 */
export default class TenancyProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { default: tenantProvisioner } = await import('#tenants/provisioning')
    const { seedNewTenant } = await import('#services/tenant_setup')
    tenantProvisioner.addSeeder(seedNewTenant)
    await import('#start/jobs')
  }

  async start() {
    if (this.app.getEnvironment() !== 'web') return
    const { prepareDatabases } = await import('#services/platform_setup')
    await prepareDatabases()
    if (env.get('DEMO', false)) {
      const { ensureDemoTenant } = await import('#database/seeders/demo_tenant')
      await ensureDemoTenant()
    }
  }

  async ready() {
    if (!['web', 'test'].includes(this.app.getEnvironment())) return
    const { default: tenancy } = await import('#tenants/tenancy')
    const { default: jobQueue } = await import('#services/jobs/job_queue')
    tenancy.start()
    jobQueue.startWorker()
    if (this.app.getEnvironment() !== 'web') return
    const { startScheduler } = await import('#start/scheduler')
    startScheduler()
    const { printWelcome } = await import('#services/platform_setup')
    printWelcome()
  }

  async shutdown() {
    const { default: tenancy } = await import('#tenants/tenancy')
    const { default: jobQueue } = await import('#services/jobs/job_queue')
    await jobQueue.close()
    await tenancy.shutdown()
  }
}
