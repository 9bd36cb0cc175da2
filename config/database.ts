import env from '#start/env'
import { join } from 'node:path'
import { defineConfig } from '@adonisjs/lucid'
import tenancyConfig from '#config/tenancy'

/**
 * Only the central (landlord) connection is declared here. Tenant connections
 * (`tenant:<id>`) are added and released at run time by tenants/connection_registry.ts.
 */
const central =
  tenancyConfig.driver === 'mysql'
    ? {
        client: 'mysql2' as const,
        connection: {
          host: tenancyConfig.mysql.host,
          port: tenancyConfig.mysql.port,
          user: tenancyConfig.mysql.user,
          password: tenancyConfig.mysql.password,
          database: tenancyConfig.mysql.centralDatabase,
          charset: 'utf8mb4',
          timezone: 'Z',
        },
        pool: { min: 0, max: 5 },
        migrations: { naturalSort: true, paths: ['database/migrations/central'] },
      }
    : {
        client: 'better-sqlite3' as const,
        connection: { filename: join(env.get('STORAGE_PATH'), 'central.sqlite') },
        useNullAsDefault: true,
        migrations: { naturalSort: true, paths: ['database/migrations/central'] },
      }

const dbConfig = defineConfig({
  connection: 'central',
  connections: { central },
})

export default dbConfig
