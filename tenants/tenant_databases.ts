import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import mysql from 'mysql2/promise'
import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import tenancyConfig from '#config/tenancy'
import type Tenant from '#tenants/models/tenant'

const TENANT_MIGRATIONS = ['database/migrations/tenant']

/**
 * Where a new tenant's database goes, by the configured mode.
 */
export function databaseLocationFor(slug: string): Pick<Tenant, 'dbDriver' | 'dbName'> {
  if (tenancyConfig.driver === 'mysql') {
    return {
      dbDriver: 'mysql',
      dbName: `${tenancyConfig.mysql.tenantPrefix}${slug.replace(/-/g, '_')}`,
    }
  }
  return { dbDriver: 'sqlite', dbName: join(tenancyConfig.sqliteDirectory, `${slug}.sqlite`) }
}

/**
 * The Lucid connection config of a tenant database. `migrations` may point at
 * other folders (a plugin's) with their own bookkeeping table.
 */
export function connectionConfigFor(
  tenant: Tenant,
  migrations: { paths: string[]; tableName?: string } = { paths: TENANT_MIGRATIONS }
): ConnectionConfig {
  if (tenant.dbDriver === 'mysql') {
    return {
      client: 'mysql2',
      connection: {
        host: tenant.dbHost ?? tenancyConfig.mysql.host,
        port: tenant.dbPort ?? tenancyConfig.mysql.port,
        user: tenancyConfig.mysql.user,
        password: tenancyConfig.mysql.password,
        database: tenant.dbName,
        charset: 'utf8mb4',
        timezone: 'Z',
      },
      /* Idle tenants hold no connection; a busy one may run a few queue batches and the reads beside them. */
      pool: { min: 0, max: 8, idleTimeoutMillis: 30_000, acquireTimeoutMillis: 5_000 },
      migrations: { naturalSort: true, ...migrations },
    }
  }
  return {
    client: 'better-sqlite3',
    connection: { filename: tenant.dbName },
    useNullAsDefault: true,
    pool: {
      afterCreate: (connection: any, done: (error: Error | null, connection: any) => void) => {
        connection.pragma('journal_mode = WAL')
        /* WAL + NORMAL: no fsync per commit; a power cut may lose the last commits, never consistency. */
        connection.pragma('synchronous = NORMAL')
        connection.pragma('busy_timeout = 5000')
        connection.pragma('foreign_keys = ON')
        reusePreparedStatements(connection)
        done(null, connection)
      },
    },
    migrations: { naturalSort: true, ...migrations },
  }
}

/**
 * Knex prepares every SQLite statement anew (about a tenth of a busy server's
 * time); better-sqlite3 statements can run again and again, so each
 * connection keeps the ones it prepared, keyed by their SQL.
 */
function reusePreparedStatements(connection: { prepare(sql: string): unknown }) {
  const prepare = connection.prepare.bind(connection)
  const prepared = new Map<string, unknown>()
  connection.prepare = (sql: string) => {
    let statement = prepared.get(sql)
    if (!statement) {
      if (prepared.size >= 2000) prepared.clear()
      statement = prepare(sql)
      prepared.set(sql, statement)
    }
    return statement
  }
}

/**
 * Which database a connection config points at: the hardening check compares
 * it with the tenant's own before a connection is handed out.
 */
export function databaseOfConfig(config: ConnectionConfig): string | undefined {
  const connection = (config as any).connection
  return connection?.filename ?? connection?.database
}

async function withServer<T>(
  tenantOrNull: Pick<Tenant, 'dbHost' | 'dbPort'> | null,
  run: (c: mysql.Connection) => Promise<T>
) {
  const connection = await mysql.createConnection({
    host: tenantOrNull?.dbHost ?? tenancyConfig.mysql.host,
    port: tenantOrNull?.dbPort ?? tenancyConfig.mysql.port,
    user: tenancyConfig.mysql.user,
    password: tenancyConfig.mysql.password,
  })
  try {
    return await run(connection)
  } finally {
    await connection.end()
  }
}

/** Creates a MySQL database when missing (central or tenant). */
export async function ensureMysqlDatabase(
  name: string,
  server: Pick<Tenant, 'dbHost' | 'dbPort'> | null = null
) {
  await withServer(server, (c) =>
    c.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
    )
  )
}

/** Creates the tenant's empty database (a folder for its SQLite file, or a MySQL database). */
export async function createTenantDatabase(tenant: Tenant) {
  if (tenant.dbDriver === 'mysql') return ensureMysqlDatabase(tenant.dbName, tenant)
  mkdirSync(dirname(tenant.dbName), { recursive: true })
}

/** Removes the tenant's database: the compensation of a failed provisioning. */
export async function dropTenantDatabase(
  tenant: Pick<Tenant, 'dbDriver' | 'dbName' | 'dbHost' | 'dbPort'>
) {
  if (tenant.dbDriver === 'mysql') {
    await withServer(tenant, (c) => c.query(`DROP DATABASE IF EXISTS \`${tenant.dbName}\``))
    return
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${tenant.dbName}${suffix}`, { force: true })
}

/** Creates the central database when missing (MySQL) or its folder (SQLite). */
export async function ensureCentralDatabase() {
  if (tenancyConfig.driver === 'mysql')
    return ensureMysqlDatabase(tenancyConfig.mysql.centralDatabase)
  mkdirSync(tenancyConfig.storagePath, { recursive: true })
}
