import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

/** A raw HTTP request to a port with a Host header (fetch cannot set Host). */
export function rawRequest(
  port: number,
  options: {
    method?: string
    path: string
    host: string
    headers?: Record<string, string>
    body?: unknown
  }
) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...options.headers,
          ...(payload ? { 'content-type': 'application/json' } : {}),
          host: options.host,
        },
      },
      (response) => {
        let body = ''
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => done({ status: response.statusCode!, body }))
      }
    )
    request.on('error', fail)
    request.end(payload)
  })
}

/**
 * A second app instance on the same databases and Redis as the test process
 * (the same env but the port), as a load balancer would run it.
 */
export async function startSecondInstance(port: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', '@poppinss/ts-exec', 'bin/server.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        NODE_ENV: 'production',
        DEMO: 'false',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }
  )
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await rawRequest(port, { path: '/health', host: 'localhost' })).status === 200) break
    } catch {}
    if (child.exitCode !== null)
      throw new Error(`the second instance exited with ${child.exitCode}`)
    await new Promise((r) => setTimeout(r, 500))
  }
  return {
    port,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGINT')
      await new Promise((done) => child.once('exit', done))
    },
  }
}
