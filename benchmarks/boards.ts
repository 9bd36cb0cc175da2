/*
| npm run bench:boards: starts the app (production build, demo clinic) on its
| own storage and prints
|  1. the server's memory per open board stream (RSS growth / connections)
|     with 1,000 boards connected and subscribed to one board channel;
|  2. call delivery: time from the "call" request to the CALL_PATIENT message
|     on every one of the 1,000 streams (p50, p99, max over all deliveries);
|  3. reconnect: a board opening its stream, subscribing and re-reading
|     /api/board/state, as the board page does after a drop (median, p95).
| Works on the embedded default and with DB_CONNECTION=mysql / REDIS_HOST.
*/
import http from 'node:http'
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { jsonCall, startApp } from './bench_app.js'

const port = Number(process.env.BENCH_PORT ?? 3383)
const host = `demo.localhost:${port}`
const CONNECTIONS = Number(process.env.BENCH_BOARDS ?? 1000)
const CALLS = 20
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  jsonCall(port, host, method, path, body, headers)

/** One board's stream: resolves once the server answered; `onMessage` gets each payload. */
function openStream(uid: string, onMessage: (payload: any) => void) {
  return new Promise<http.ClientRequest>((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: `/__transmit/events?uid=${uid}`, headers: { host } },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream ${response.statusCode}`))
        response.setEncoding('utf8')
        let buffer = ''
        response.on('data', (chunk: string) => {
          buffer += chunk
          let end
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = frame
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n')
            if (data) onMessage(JSON.parse(data).payload)
          }
        })
        resolve(req)
      }
    )
    req.on('error', reject)
  })
}

function subscribe(uid: string, channel: string, key: string) {
  return new Promise<number>((resolve, reject) => {
    const body = JSON.stringify({ uid, channel })
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/__transmit/subscribe',
        agent,
        headers: { 'host': host, 'content-type': 'application/json', 'x-board-key': key },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode!))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

function rssBytes(pid: number) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)!
  return Number(line[1]) * 1024
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

const app = await startApp('bench_boards', port)
const streams: http.ClientRequest[] = []
try {
  const login = await call('POST', '/api/auth/login', { login: 'admin', password: 'demo12345' })
  const auth = { authorization: `Bearer ${login.json.token}` }
  const board = await call('POST', '/api/admin/boards', { name: 'Bench hall' }, auth)
  const key = board.json.key as string
  const state = await call('GET', '/api/board/state', undefined, { 'x-board-key': key })
  const channel = state.json.channel as string
  const doctorId = state.json.specialists[0].id as number

  /* 1. memory per stream */
  if (global.gc) global.gc()
  await new Promise((r) => setTimeout(r, 1000))
  const rssBefore = rssBytes(app.pid)
  const arrivals = new Map<number, number[]>()
  const uids = Array.from({ length: CONNECTIONS }, () => randomUUID())
  for (let i = 0; i < uids.length; i += 100) {
    const batch = uids.slice(i, i + 100)
    streams.push(
      ...(await Promise.all(
        batch.map((uid) =>
          openStream(uid, (payload) => {
            if (payload?.type !== 'CALL_PATIENT') return
            const list = arrivals.get(payload.entry_id) ?? []
            list.push(performance.now())
            arrivals.set(payload.entry_id, list)
          })
        )
      ))
    )
    const statuses = await Promise.all(batch.map((uid) => subscribe(uid, channel, key)))
    if (statuses.some((status) => status !== 204)) throw new Error(`subscribe refused: ${statuses}`)
  }
  await new Promise((r) => setTimeout(r, 1500))
  const rssAfter = rssBytes(app.pid)
  console.log(
    `streams: ${CONNECTIONS} boards connected and subscribed; server RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ` +
      `${(rssAfter / 2 ** 20).toFixed(0)} MiB, ${((rssAfter - rssBefore) / CONNECTIONS / 1024).toFixed(1)} KiB per stream`
  )

  /* 2. call delivery to every stream */
  const latencies: number[] = []
  for (let i = 0; i < CALLS; i++) {
    const row = await call(
      'POST',
      '/api/registry/rows',
      {
        patient: {
          fio: `Пациент Нагрузка${i}`,
          birth_year: 1980,
          phone: `+99893${String(1_000_000 + i).slice(-7)}`,
        },
        doctor_id: doctorId,
      },
      auth
    )
    if (row.status !== 201) throw new Error(`desk row: ${row.status} ${JSON.stringify(row.json)}`)
    const entryId = row.json.entry_id as number
    const sentAt = performance.now()
    await call('POST', `/api/queue/call/${entryId}`, {}, auth)
    const answeredAt = performance.now()
    const deadline = Date.now() + 5000
    while ((arrivals.get(entryId)?.length ?? 0) < CONNECTIONS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5))
    }
    const got = arrivals.get(entryId) ?? []
    if (got.length < CONNECTIONS)
      throw new Error(`call ${i}: ${got.length}/${CONNECTIONS} boards got it`)
    latencies.push(...got.map((at) => at - sentAt))
    if (process.env.BENCH_VERBOSE) {
      console.log(
        `call ${i}: answered ${(answeredAt - sentAt).toFixed(0)} ms, first ${(Math.min(...got) - sentAt).toFixed(0)} ms, last ${(Math.max(...got) - sentAt).toFixed(0)} ms`
      )
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  console.log(
    `calls: ${CALLS} calls × ${CONNECTIONS} boards = ${latencies.length} deliveries, ` +
      `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, ` +
      `max ${Math.max(...latencies).toFixed(0)} ms (from the call request to the message on the stream)`
  )

  /* 3. reconnect: stream, subscribe, state */
  const reconnects: number[] = []
  for (let i = 0; i < 30; i++) {
    const started = performance.now()
    const uid = randomUUID()
    const stream = await openStream(uid, () => {})
    await subscribe(uid, channel, key)
    const snapshot = await call('GET', '/api/board/state', undefined, { 'x-board-key': key })
    if (snapshot.status !== 200) throw new Error('state refused')
    reconnects.push(performance.now() - started)
    stream.destroy()
  }
  console.log(
    `reconnect (stream + subscribe + state, ${CONNECTIONS} other boards connected): ` +
      `median ${percentile(reconnects, 50).toFixed(1)} ms, p95 ${percentile(reconnects, 95).toFixed(1)} ms`
  )
} finally {
  for (const stream of streams) stream.destroy()
  agent.destroy()
  await app.stop()
}
