import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import cliProgress from 'cli-progress'

/** node ace tenant:migrate [--concurrency=4] [--force] */
export default class TenantMigrate extends BaseCommand {
  static commandName = 'tenant:migrate'
  static description =
    'Migrate every tenant database (and its enabled plugins). Resumable: tenants already current are skipped'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Tenants migrated at once', default: 4 })
  declare concurrency: number

  @flags.boolean({ description: 'Also run tenants whose recorded schema version is current' })
  declare force: boolean

  async run() {
    const { default: tenantMigrator, migrateCentralDatabase } =
      await import('#tenants/tenant_migrator')

    await migrateCentralDatabase()

    const bar = new cliProgress.SingleBar(
      {
        format: 'tenants [{bar}] {value}/{total} {slug}',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      },
      cliProgress.Presets.shades_classic
    )
    let started = false
    const result = await tenantMigrator.migrateAll({
      concurrency: this.concurrency,
      force: this.force,
      onProgress: (done, total, tenant) => {
        if (!started) {
          bar.start(total, 0, { slug: '' })
          started = true
        }
        bar.update(done, { slug: tenant.slug })
      },
    })
    if (started) bar.stop()

    this.logger.info(
      `migrated ${result.migrated}, already current ${result.skipped}, failed ${result.failures.length}`
    )
    for (const failure of result.failures) {
      this.logger.error(`${failure.tenant.slug}: ${failure.error.message}`)
    }
    if (result.failures.length) this.exitCode = 1
  }
}
