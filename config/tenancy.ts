import env from '#start/env'
import { join } from 'node:path'

/**
 * Where tenant databases live and how many connections the process may hold.
 * The mode follows DB_CONNECTION: `sqlite` (one file per tenant) or `mysql`
 * (one database per tenant, created automatically).
 */
const tenancyConfig = {
  appDomain: env.get('APP_DOMAIN', 'localhost'),
  port: env.get('PORT', 3333),
  scheme: env.get('APP_URL_SCHEME', 'http'),
  driver: env.get('DB_CONNECTION', 'sqlite'),
  storagePath: env.get('STORAGE_PATH'),
  sqliteDirectory: join(env.get('STORAGE_PATH'), 'tenants'),
  mysql: {
    host: env.get('MYSQL_HOST', '127.0.0.1'),
    port: env.get('MYSQL_PORT', 3306),
    user: env.get('MYSQL_USER', 'root'),
    password: env.get('MYSQL_PASSWORD', ''),
    centralDatabase: env.get('MYSQL_DATABASE', 'clinic_central'),
    tenantPrefix: env.get('DB_TENANT_PREFIX', 'clinic_t_'),
  },
  /** Open tenant connections above this number are released, least recently used first. */
  maxOpenConnections: env.get('TENANT_MAX_OPEN_CONNECTIONS', 40),
  /** A tenant connection unused this long is released by the sweeper. */
  idleSeconds: env.get('TENANT_IDLE_SECONDS', 120),
  /** How often the sweeper looks for idle connections. */
  sweepIntervalMs: 5_000,
  /** Resolved hosts are cached this long (suspension takes effect within it). */
  resolverCacheMs: 5_000,
}

export default tenancyConfig
export type TenancyConfig = typeof tenancyConfig
