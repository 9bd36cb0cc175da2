/*
| npm run bench: starts the app on its own storage and prints
|  1. requests/s of GET /health on a tenant host vs the platform host (no tenant),
|  2. tenant provisioning time through the operator API,
|  3. open database connections after BENCH_TENANTS tenants (default 1000) were each touched once.
| Works on the embedded default and with DB_CONNECTION=mysql (same env as the app).
*/
import { readdirSync, readlinkSync } from 'node:fs'
import autocannon from 'autocannon'
import { mysqlMode, mysqlServer, request as requestApp, startApp } from './bench_app.js'

const port = Number(process.env.BENCH_PORT ?? 3380)
const tenantCount = Number(process.env.BENCH_TENANTS ?? 1000)
const token = 'pt_bench_operator_token'
const base = `http://127.0.0.1:${port}`
const hostOf = (slug: string) => `${slug}.localhost:${port}`

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

const request = (options: Parameters<typeof requestApp>[1]) => requestApp(port, options)

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

const app = await startApp('clinic_bench', port, { PLATFORM_TOKEN: token })
try {
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
    `open database connections of the process: ${await openConnections(app.pid)} (target ≤ 50)`
  )
} finally {
  await app.stop()
}
