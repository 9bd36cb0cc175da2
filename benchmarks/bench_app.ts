/*
| What the benchmark scripts share: the app started as a production server on
| its own storage and databases, plain HTTP requests with a Host header
| (fetch() may not set Host), and the MySQL databases dropped afterwards.
*/
import { spawn } from 'node:child_process'
import http from 'node:http'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import mysql from 'mysql2/promise'

const root = resolve(import.meta.dirname, '..')
export const mysqlMode = process.env.DB_CONNECTION === 'mysql'

export interface BenchApp {
  port: number
  pid: number
  /** Stops the server, removes its storage and (MySQL) its databases. */
  stop(): Promise<void>
}

/**
 * Starts `bin/server.ts` with NODE_ENV=production and the demo clinic, its
 * databases named `<name>_central` / `<name>_t_<id>` so they can be dropped.
 */
export async function startApp(name: string, port: number, env: Record<string, string> = {}) {
  const storage = join(root, 'tmp', `${name}-${Date.now()}`)
  if (mysqlMode) await dropDatabases(name)
  /* BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops. */
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE]
    : []
  const server = spawn(
    process.execPath,
    [...profile, '--import', '@poppinss/ts-exec', 'bin/server.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        STORAGE_PATH: storage,
        DEMO: 'true',
        LOG_LEVEL: 'error',
        MYSQL_DATABASE: `${name}_central`,
        DB_TENANT_PREFIX: `${name}_t_`,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }
  )
  const app: BenchApp = {
    port,
    pid: server.pid!,
    async stop() {
      server.kill('SIGINT')
      await new Promise((done) => server.once('exit', done))
      rmSync(storage, { recursive: true, force: true })
      if (mysqlMode) await dropDatabases(name)
    },
  }
  try {
    await waitForHealth(port)
  } catch (error) {
    await app.stop()
    throw error
  }
  return app
}

async function waitForHealth(port: number) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await request(port, { path: '/health', host: 'localhost' })).status === 200) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('server did not start')
}

export function request(
  port: number,
  options: {
    method?: string
    path: string
    host: string
    headers?: Record<string, string>
    body?: string
    /** Keep-alive connections to reuse (default: a new connection per request). */
    agent?: http.Agent
  }
) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent: options.agent,
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

/** A JSON call to the app on `port` as `host`: `{status, json, raw}`. */
export async function jsonCall(
  port: number,
  host: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
) {
  const response = await request(port, {
    method,
    path,
    host,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return {
    status: response.status,
    json: response.body ? JSON.parse(response.body) : null,
    raw: response.body,
  }
}

export function mysqlServer() {
  return mysql.createConnection({
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env.MYSQL_USER ?? 'root',
    password: process.env.MYSQL_PASSWORD ?? '',
  })
}

/** Drops the databases whose names start with `name` (MySQL mode). */
async function dropDatabases(name: string) {
  const connection = await mysqlServer()
  const [rows] = await connection.query('SHOW DATABASES LIKE ?', [`${name}%`])
  for (const row of rows as Record<string, string>[]) {
    await connection.query(`DROP DATABASE \`${Object.values(row)[0]}\``)
  }
  await connection.end()
}
