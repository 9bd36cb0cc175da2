import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** node ace tenant:list */
export default class TenantList extends BaseCommand {
  static commandName = 'tenant:list'
  static description = 'List tenants with their status, schema version and address'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { default: Tenant } = await import('#tenants/models/tenant')
    const { tenantUrl } = await import('#services/platform_setup')
    const table = this.ui.table().head(['ID', 'Slug', 'Name', 'Status', 'Schema', 'URL'])
    for (const tenant of await Tenant.query().orderBy('id')) {
      table.row([
        String(tenant.id),
        tenant.slug,
        tenant.name,
        tenant.status,
        tenant.schemaVersion ?? '-',
        tenantUrl(tenant.slug),
      ])
    }
    table.render()
  }
}
