/*
| npm run bench: starts the app on its own storage and prints
|  1. requests/s of GET /health on a tenant host vs the platform host (no tenant),
|  2. tenant provisioning time through the operator API,
|  3. open database connections after BENCH_TENANTS tenants (default 1000) were each touched once.
| Works on the embedded default and with DB_CONNECTION=mysql (same env as the app).
*/
import { spawn } from 'node:child_process'
import http from 'node:http'
import { readdirSync, readlinkSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'

const root = resolve(import.meta.dirname, '..')
const port = Number(process.env.BENCH_PORT ?? 3380)
const storage = join(root, 'tmp', `bench-${Date.now()}`)
const tenantCount = Number(process.env.BENCH_TENANTS ?? 1000)
const token = 'pt_bench_operator_token'
const mysqlMode = process.env.DB_CONNECTION === 'mysql'
const base = `http://127.0.0.1:${port}`
const hostOf = (slug: string) => `${slug}.localhost:${port}`

const server = spawn(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    STORAGE_PATH: storage,
    PLATFORM_TOKEN: token,
    DEMO: 'true',
    LOG_LEVEL: 'error',
    MYSQL_DATABASE: 'clinic_bench_central',
    DB_TENANT_PREFIX: 'clinic_bench_t_',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
})

async function waitForServer() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('server did not start')
}

async function rps(host: string, seconds: number) {
  const result = await autocannon({
    url: `${base}/health`,
    headers: { host },
    connections: 50,
    duration: seconds,
  })
  if (result.non2xx || result.errors)
    throw new Error(`${host}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

/** fetch() may not set Host, so the tenant requests go through node:http. */
function request(options: {
  method?: string
  path: string
  host: string
  headers?: Record<string, string>
  body?: string
}) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { ...options.headers, host: options.host },
      },
      (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => done({ status: res.statusCode!, body }))
      }
    )
    req.on('error', fail)
    req.end(options.body)
  })
}

async function createTenant(slug: string) {
  const started = performance.now()
  const response = await request({
    method: 'POST',
    path: '/api/platform/tenants',
    host: 'localhost',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
    body: JSON.stringify({
      slug,
      name: `Bench ${slug}`,
      admin_login: 'admin',
      admin_password: 'bench-pass-1',
    }),
  })
  if (response.status !== 201)
    throw new Error(`create ${slug}: ${response.status} ${response.body}`)
  return performance.now() - started
}

/** A request that makes the tenant open its database: a bearer token lookup. */
async function touch(slug: string) {
  const response = await request({
    path: '/api/auth/me',
    host: hostOf(slug),
    headers: { authorization: 'Bearer cst_MQ.not-a-real-token' },
  })
  if (response.status !== 401) throw new Error(`touch ${slug}: ${response.status}`)
}

function mysqlServer() {
  return mysql.createConnection({
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env.MYSQL_USER ?? 'root',
    password: process.env.MYSQL_PASSWORD ?? '',
  })
}

/** Drops the databases the benchmark created (MySQL mode). */
async function dropBenchDatabases() {
  const connection = await mysqlServer()
  const [rows] = await connection.query("SHOW DATABASES LIKE 'clinic_bench%'")
  for (const row of rows as Record<string, string>[]) {
    await connection.query(`DROP DATABASE \`${Object.values(row)[0]}\``)
  }
  await connection.end()
}

async function openConnections(pid: number) {
  if (mysqlMode) {
    const connection = await mysqlServer()
    const [rows] = await connection.query(
      'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()',
      [process.env.MYSQL_USER ?? 'root']
    )
    await connection.end()
    return (rows as { n: number }[])[0].n
  }
  const fds = readdirSync(`/proc/${pid}/fd`)
  return fds.filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('.sqlite')
    } catch {
      return false
    }
  }).length
}

const percentile = (values: number[], p: number) =>
  values.sort((a, b) => a - b)[Math.floor((values.length - 1) * p)]

try {
  await waitForServer()
  console.log(`mode: ${mysqlMode ? 'MySQL' : 'SQLite files'}`)

  await rps(hostOf('demo'), 2)
  const bare: number[] = []
  const tenant: number[] = []
  for (let round = 0; round < 2; round++) {
    bare.push(await rps('localhost', 5))
    tenant.push(await rps(hostOf('demo'), 5))
  }
  const bareAvg = bare.reduce((a, b) => a + b) / bare.length
  const tenantAvg = tenant.reduce((a, b) => a + b) / tenant.length
  console.log(`GET /health without tenancy (platform host): ${bareAvg.toFixed(0)} req/s`)
  console.log(
    `GET /health on a tenant host:               ${tenantAvg.toFixed(0)} req/s (${((tenantAvg / bareAvg) * 100).toFixed(1)} % of bare)`
  )

  const provisioning: number[] = []
  for (let i = 0; i < 10; i++) provisioning.push(await createTenant(`prov-${i}`))
  console.log(
    `tenant provisioning: median ${percentile(provisioning, 0.5).toFixed(0)} ms, max ${Math.max(...provisioning).toFixed(0)} ms (10 tenants)`
  )

  const started = performance.now()
  for (let i = 0; i < tenantCount; i++) {
    const slug = `many-${i}`
    await createTenant(slug)
    await touch(slug)
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`${tenantCount} tenants created and each touched once in ${seconds.toFixed(0)} s`)
  await new Promise((r) => setTimeout(r, 1000))
  console.log(
    `open database connections of the process: ${await openConnections(server.pid!)} (target ≤ 50)`
  )
} finally {
  server.kill('SIGINT')
  await new Promise((r) => server.once('exit', r))
  rmSync(storage, { recursive: true, force: true })
  if (mysqlMode) await dropBenchDatabases()
}
