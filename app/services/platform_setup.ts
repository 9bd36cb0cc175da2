import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import tenancyConfig from '#config/tenancy'
import tenantMigrator, { migrateCentralDatabase } from '#tenants/tenant_migrator'
import { DEMO_LOGINS, DEMO_PASSWORD } from '#database/seeders/demo_tenant'
import { demoBoardKey } from '#services/board/demo_board'

/**
 * Creates the central database when missing, applies central migrations, then
 * brings every tenant schema up to date (tenants already current are skipped).
 */
export async function prepareDatabases() {
  await migrateCentralDatabase()
  const result = await tenantMigrator.migrateAll({ concurrency: 4 })
  for (const failure of result.failures) {
    logger.error({ err: failure.error, tenant: failure.tenant.slug }, 'tenant migration failed')
  }
}

/** The platform and tenant URL of a slug, as the user types it into a browser. */
export function tenantUrl(slug?: string) {
  const host = slug ? `${slug}.${tenancyConfig.appDomain}` : tenancyConfig.appDomain
  const port = [80, 443].includes(tenancyConfig.port) ? '' : `:${tenancyConfig.port}`
  return `${tenancyConfig.scheme}://${host}${port}`
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

/**
 * Issue 12 F10: the demo clinic's password is published (README, this
 * banner). Listening beyond this machine with it on says so loudly.
 */
export function exposedDemoWarning(host: string | undefined, demo: boolean) {
  if (!demo || (host && LOOPBACK.test(host))) return null
  return [
    '  !!! WARNING: the demo clinic, with its published password, is reachable from other machines',
    `  !!! (HOST=${host ?? '0.0.0.0'}). Start with HOST=127.0.0.1, or with DEMO=false and real passwords.`,
  ]
}

export function printWelcome() {
  const lines = [
    '',
    `  Platform:      ${tenantUrl()}`,
    `  Demo clinic:   ${tenantUrl('demo')}`,
    `  Operator token (Authorization: Bearer …): ${env.get('PLATFORM_TOKEN').release()}`,
    '',
  ]
  if (env.get('DEMO', false)) {
    lines.push(
      `  Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.join(', ')}`,
      `  Demo hall board: ${tenantUrl('demo')}/display/${demoBoardKey()}`,
      ''
    )
  }
  const exposed = exposedDemoWarning(env.get('HOST'), env.get('DEMO', false))
  if (exposed) lines.push(...exposed, '')
  lines.push(
    `  Mode: ${tenancyConfig.driver === 'mysql' ? 'MySQL' : 'SQLite files'} · data in ${tenancyConfig.storagePath}`,
    ''
  )
  console.log(lines.join('\n'))
}
