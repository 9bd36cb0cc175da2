/*
| npm run bench:registry: starts the app (production build, demo clinic) on its
| own storage and prints
|  1. online queue joins with 50 concurrent clients: joins/s, latency
|     percentiles and the server's CPU time per join (the figure least
|     disturbed by other work on the machine), into one queue (the worst
|     case: every join waits for the same lock) and spread over four
|     specialists' queues, each as fast as the clients can send (the most
|     the server takes; with clients that never pause, latency is only
|     50 / throughput); then joins sent on a schedule at 500/s over at most 50
|     connections (the target rate: latency from each join's scheduled time,
|     so a slow answer also delays the ones behind it), and checks that every
|     issued number is distinct;
|  2. GET /api/registry for a 500-row day: round-trip time on loopback
|     (an upper bound of the server time).
| Works on the embedded default and with DB_CONNECTION=mysql (same env as the app).
*/
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { jsonCall, mysqlMode, request, startApp } from './bench_app.js'

const port = Number(process.env.BENCH_PORT ?? 3381)
const host = `demo.localhost:${port}`
const JOINS_PER_QUEUE = 600
/** The target rate of the morning burst, and how many joins per queue the paced run sends. */
const TARGET_RATE = Number(process.env.BENCH_JOIN_RATE ?? 500)
const PACED_JOINS_PER_QUEUE = 390

/** A JSON call on the demo clinic, as the staff API or a phone makes it. */
const call = (method: string, path: string, body?: unknown, token?: string) =>
  jsonCall(port, host, method, path, body, token ? { authorization: `Bearer ${token}` } : {})

let phoneCounter = 0
const newPhone = () => `+99890${String(1_000_000 + phoneCounter++).slice(-7)}`

/** 50 clients joining `tokens` round-robin as fast as they can, each join with a new phone. */
async function joinLoad(tokens: string[]) {
  let next = 0
  const started = performance.now()
  let lastAnswer = started
  const run = autocannon({
    url: `http://127.0.0.1:${port}/api/queue/join`,
    connections: 50,
    amount: JOINS_PER_QUEUE * tokens.length,
    requests: [
      {
        method: 'POST',
        headers: { 'host': host, 'content-type': 'application/json' },
        setupRequest: (joinRequest: any) => {
          const token = tokens[next++ % tokens.length]
          return { ...joinRequest, body: JSON.stringify({ token, phone: newPhone() }) }
        },
      },
    ],
  })
  /* autocannon's own duration is counted in whole seconds: too coarse for runs of a second or two. */
  const tracker = run as unknown as { on(event: 'response', listener: () => void): void }
  tracker.on('response', () => (lastAnswer = performance.now()))
  const result = await run
  return { result, seconds: (lastAnswer - started) / 1000 }
}

/** CPU milliseconds (user + system) the server process used so far (Linux). */
function serverCpuMs() {
  const fields = readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Runs a join load and prints its rate, latencies and the server's CPU time per join. */
async function measure(label: string, tokens: string[]) {
  const cpuBefore = serverCpuMs()
  const { result, seconds } = await joinLoad(tokens)
  const ok = result['2xx']
  const cpuPerJoin = (serverCpuMs() - cpuBefore) / ok
  console.log(
    `${label}: ${(ok / seconds).toFixed(0)} joins/s, latency p50 ${result.latency.p50} ms, ` +
      `p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, ` +
      `server CPU ${cpuPerJoin.toFixed(2)} ms/join ` +
      `(${ok} joined, ${result.non2xx} refused, ${result.errors} errors)`
  )
}

/**
 * Open-loop load: joins to `tokens` round-robin sent at `rate` per second on
 * schedule, whatever the answers, over at most 50 keep-alive connections.
 */
async function measurePaced(label: string, tokens: string[], rate: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
  const total = PACED_JOINS_PER_QUEUE * tokens.length
  const latencies: number[] = []
  let refused = 0
  const cpuBefore = serverCpuMs()
  const started = performance.now()
  const answers: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    const early = due - performance.now()
    if (early >= 1) await sleep(early)
    const body = JSON.stringify({ token: tokens[i % tokens.length], phone: newPhone() })
    answers.push(
      request(port, {
        method: 'POST',
        path: '/api/queue/join',
        host,
        headers: { 'content-type': 'application/json' },
        body,
        agent,
      }).then(
        (answer) => {
          if (answer.status !== 200) refused++
          latencies.push(performance.now() - due)
        },
        () => {
          refused++
        }
      )
    )
  }
  await Promise.all(answers)
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  const joined = total - refused
  console.log(
    `${label}: ${(joined / seconds).toFixed(0)} joins/s, latency p50 ${at(0.5).toFixed(0)} ms, ` +
      `p90 ${at(0.9).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, max ${at(1).toFixed(0)} ms, ` +
      `server CPU ${((serverCpuMs() - cpuBefore) / joined).toFixed(2)} ms/join ` +
      `(${joined} joined, ${refused} refused)`
  )
}

async function distinctNumbers(token: string, specialistId: number) {
  const today = await call(
    'GET',
    `/api/queue/today?specialist_id=${specialistId}`,
    undefined,
    token
  )
  const numbers: number[] = today.json.entries.map((e: any) => e.number)
  return { count: numbers.length, distinct: new Set(numbers).size }
}

const app = await startApp(process.env.BENCH_DB_NAME ?? 'clinic_benchq', port, {
  QUEUE_JOIN_IP_LIMIT_PER_MINUTE: '1000000',
  REDIS_PREFIX: `${process.env.BENCH_DB_NAME ?? 'clinic_benchq'}_${process.pid}`,
})
try {
  console.log(`mode: ${mysqlMode ? 'MySQL' : 'SQLite files'}`)
  const login = await call('POST', '/api/auth/login', { login: 'admin', password: 'demo12345' })
  const staff = login.json.token as string
  const doctors = (await call('GET', '/api/registry', undefined, staff)).status
  if (doctors !== 200) throw new Error('registry API unavailable')

  /* Open the window whatever the time of day, and lift the per-day limit. */
  const values: Record<string, unknown> = { 'queue.online_start_hour': 0 }
  for (const s of ['therapy', 'cardiology', 'ecg', 'dermatology', 'dentistry', 'lab']) {
    values[`queue.online_max_per_day.${s}`] = 999
  }
  await call('PUT', '/api/admin/settings', { values }, staff)

  const specialistIds = [1, 2, 3, 4, 5, 6]
  const tokens: string[] = []
  for (const id of specialistIds) {
    tokens.push((await call('POST', '/api/queue/qrcode', { specialist_id: id }, staff)).json.token)
  }

  await joinLoad([tokens[5]]) // warm-up on the laboratory's queue
  await measure('joins, one queue   ', [tokens[0]])
  await measure('joins, four queues ', tokens.slice(1, 5))
  await measurePaced(`joins sent at ${TARGET_RATE}/s, four queues`, tokens.slice(1, 5), TARGET_RATE)
  for (const id of specialistIds) {
    const { count, distinct } = await distinctNumbers(staff, id)
    if (count !== distinct)
      throw new Error(`specialist ${id}: ${count} entries, ${distinct} numbers`)
  }
  console.log('numbers: every issued number distinct in every queue')
  /* BENCH_JOINS_ONLY=1: stop here (for profiling the join alone). */
  if (!process.env.BENCH_JOINS_ONLY) await registryDay(staff)
} finally {
  await app.stop()
}

/** A 500-row registry day: 500 desk rows for the therapist, then the day read 60 times. */
async function registryDay(staff: string) {
  for (let i = 0; i < 500; i++) {
    const response = await call(
      'POST',
      '/api/registry/rows',
      {
        patient: { fio: `Бенчмарков Пациент${i}`, birth_year: 1950 + (i % 60) },
        doctor_id: 1,
        services: [{ id: 1 }],
      },
      staff
    )
    if (response.status !== 201) throw new Error(`row ${i}: ${response.status}`)
  }
  const times: number[] = []
  let rows = 0
  for (let i = 0; i < 60; i++) {
    const started = performance.now()
    const page = await call('GET', '/api/registry?doctor_id=1&per_page=1000', undefined, staff)
    times.push(performance.now() - started)
    rows = page.json.data.length
  }
  times.splice(0, 10)
  times.sort((a, b) => a - b)
  const pick = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1)
  console.log(
    `registry day of ${rows} rows: median ${pick(0.5)} ms, p95 ${pick(0.95)} ms (round trip, loopback)`
  )
}
