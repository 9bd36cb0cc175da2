import { rmSync } from 'node:fs'
import mysql from 'mysql2/promise'
import tenancyConfig from '#config/tenancy'
import { prepareDatabases } from '#services/platform_setup'

/**
 * Starts the suite from nothing: on MySQL drops the test central database and
 * every tenant database of the test prefix (their names must contain `test`,
 * so a dev database is never touched); on SQLite the storage folder is fresh.
 * The tenancy provider then recreates and migrates the central database.
 */
export async function resetTestDatabases() {
  if (tenancyConfig.driver === 'mysql') await dropMysqlTestDatabases()
  await prepareDatabases()
}

async function dropMysqlTestDatabases() {
  const { centralDatabase, tenantPrefix } = tenancyConfig.mysql
  if (!centralDatabase.includes('test') || !tenantPrefix.includes('test')) {
    throw new Error('MySQL tests need MYSQL_DATABASE and DB_TENANT_PREFIX containing "test"')
  }
  const connection = await mysql.createConnection({
    host: tenancyConfig.mysql.host,
    port: tenancyConfig.mysql.port,
    user: tenancyConfig.mysql.user,
    password: tenancyConfig.mysql.password,
  })
  try {
    const [rows] = await connection.query('SHOW DATABASES')
    for (const { Database: name } of rows as { Database: string }[]) {
      if (name.startsWith(tenantPrefix) || name === centralDatabase)
        await connection.query(`DROP DATABASE \`${name}\``)
    }
  } finally {
    await connection.end()
  }
}

/** Removes the SQLite test storage after the run. */
export function removeTestStorage() {
  if (tenancyConfig.storagePath.includes('test-storage')) {
    rmSync(tenancyConfig.storagePath, { recursive: true, force: true })
  }
}
