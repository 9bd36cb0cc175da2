/*
| npm run bench:payments: starts the app (demo clinic) on its own storage and prints
|  1. Payme webhook throughput: CreateTransaction then PerformTransaction for
|     distinct payments with 50 concurrent deliveries (notifications/s, latency
|     percentiles);
|  2. duplicates: every PerformTransaction of a set of payments delivered 50
|     times at once, then (MySQL) the database is asked how many times each
|     payment was credited (audit rows `payment.paid`, refunds) — must be once;
|  3. the receipt PDF with a warm browser (median and p95 of sequential requests).
| Works on the embedded default and with DB_CONNECTION=mysql (same env as the app).
*/
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { jsonCall, mysqlMode, mysqlServer, request, startApp } from './bench_app.js'

const port = Number(process.env.BENCH_PORT ?? 3456)
const host = `demo.localhost:${port}`
const NAME = process.env.BENCH_DB_NAME ?? 'pay_bench'
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1000)
const CONCURRENCY = 50
const DUPLICATE_SET = 20
const PAYME_KEY = 'bench-payme-key-0001'
const AMOUNT = 150_000_00

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  jsonCall(port, host, method, path, body, headers)

const paymeAuth = {
  authorization: `Basic ${Buffer.from(`Paycom:${PAYME_KEY}`).toString('base64')}`,
}
let rpcId = 0
function payme(method: string, params: object) {
  return call(
    'POST',
    '/api/payments/payme/webhook',
    { jsonrpc: '2.0', id: ++rpcId, method, params },
    paymeAuth
  )
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** Runs `jobs` with `CONCURRENCY` in flight; returns per-job latencies and the rate. */
async function load<T>(jobs: (() => Promise<T>)[]) {
  const latencies: number[] = []
  const results: T[] = new Array(jobs.length)
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const index = next++
        const t0 = performance.now()
        results[index] = await jobs[index]()
        latencies.push(performance.now() - t0)
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    results,
    rate: jobs.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  }
}

const fmt = (n: number) => n.toFixed(1)

/** CPU seconds the server process used so far (user + system, Linux /proc; 0 elsewhere). */
function serverCpu(pid: number) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

async function main() {
  console.log(
    `payments benchmark on ${mysqlMode ? 'MySQL' : 'SQLite'}; ${PAYMENTS} payments, ${CONCURRENCY} concurrent`
  )
  const app = await startApp(NAME, port)
  try {
    const login = await call('POST', '/api/auth/login', { login: 'admin', password: 'demo12345' })
    const staff = { authorization: `Bearer ${login.json.token}` }
    const settings = await call(
      'PUT',
      '/api/admin/settings',
      {
        values: {
          'payments.payme.enabled': true,
          'payments.payme.merchant_id': 'bench-merchant',
          'payments.payme.key': PAYME_KEY,
        },
      },
      staff
    )
    if (settings.status !== 200) throw new Error(`settings: ${settings.status} ${settings.raw}`)

    const created = await load(
      Array.from(
        { length: PAYMENTS + DUPLICATE_SET },
        () => () => call('POST', '/api/payments/init', { provider: 'payme', amount: AMOUNT }, staff)
      )
    )
    const ids = created.results.map((r) => {
      if (r.status !== 201) throw new Error(`init: ${r.status} ${r.raw}`)
      return r.json.payment_id as number
    })
    console.log(`init (staff API): ${fmt(created.rate)}/s`)
    const distinct = ids.slice(0, PAYMENTS)
    const duplicates = ids.slice(PAYMENTS)

    const now = Date.now()
    let cpu = serverCpu(app.pid)
    const create = await load(
      [...distinct, ...duplicates].map(
        (id) => () =>
          payme('CreateTransaction', {
            id: `bench-${id}`,
            time: now,
            amount: AMOUNT,
            account: { payment_id: String(id) },
          })
      )
    )
    const createCpu = serverCpu(app.pid) - cpu
    cpu = serverCpu(app.pid)
    const perform = await load(
      distinct.map((id) => () => payme('PerformTransaction', { id: `bench-${id}` }))
    )
    const performCpu = serverCpu(app.pid) - cpu
    const failed = [...create.results, ...perform.results].filter(
      (r) => r.status !== 200 || r.json.error
    )
    if (failed.length) throw new Error(`webhooks refused: ${failed[0].raw}`)
    const perCall = (seconds: number, calls: number) => (seconds * 1000) / calls
    console.log(
      `Payme CreateTransaction: ${fmt(create.rate)}/s  p50 ${fmt(create.p50)} ms  p95 ${fmt(create.p95)} ms  p99 ${fmt(create.p99)} ms  server CPU ${fmt(perCall(createCpu, PAYMENTS + DUPLICATE_SET))} ms/call`
    )
    console.log(
      `Payme PerformTransaction: ${fmt(perform.rate)}/s  p50 ${fmt(perform.p50)} ms  p95 ${fmt(perform.p95)} ms  p99 ${fmt(perform.p99)} ms  server CPU ${fmt(perCall(performCpu, PAYMENTS))} ms/call (≈ ${fmt(PAYMENTS / performCpu)}/s per core)`
    )

    /* 50 deliveries of the same PerformTransaction at once, for each payment of the set. */
    let duplicateAnswers = 0
    const dupStarted = performance.now()
    for (const id of duplicates) {
      const answers = await Promise.all(
        Array.from({ length: CONCURRENCY }, () =>
          payme('PerformTransaction', { id: `bench-${id}` })
        )
      )
      const performTimes = new Set(answers.map((a) => a.json.result?.perform_time))
      if (answers.some((a) => a.json.result?.state !== 2) || performTimes.size !== 1) {
        throw new Error(`duplicate deliveries of payment ${id} answered differently`)
      }
      duplicateAnswers += answers.length
    }
    const dupRate = duplicateAnswers / ((performance.now() - dupStarted) / 1000)
    console.log(
      `duplicates: ${DUPLICATE_SET} payments × ${CONCURRENCY} concurrent deliveries: ${fmt(dupRate)}/s, all answered state 2 with one perform_time`
    )

    for (const id of [...distinct.slice(0, 20), ...duplicates]) {
      const payment = await call('GET', `/api/payments/${id}`, undefined, staff)
      if (payment.json.status !== 'paid' || payment.json.amount !== AMOUNT)
        throw new Error(`payment ${id} is ${payment.raw}`)
    }
    if (mysqlMode) {
      const db = await mysqlServer()
      const [rows] = await db.query(
        `SELECT entity_id, COUNT(*) AS credits FROM \`${NAME}_t_demo\`.audit_logs WHERE event = 'payment.paid' GROUP BY entity_id HAVING credits > 1`
      )
      const [[paid]] = (await db.query(
        `SELECT COUNT(*) AS paid FROM \`${NAME}_t_demo\`.audit_logs WHERE event = 'payment.paid'`
      )) as any
      const [[accepted]] = (await db.query(
        `SELECT COUNT(*) AS accepted FROM \`${NAME}_t_demo\`.payment_webhook_attempts WHERE action = 'PerformTransaction' AND outcome = 'accepted'`
      )) as any
      await db.end()
      console.log(
        `double credits: ${(rows as unknown[]).length} (payments credited: ${paid.paid} of ${PAYMENTS + DUPLICATE_SET}; accepted PerformTransaction: ${accepted.accepted})`
      )
    }

    /* Receipt PDF with a warm browser: sequential, after two warm-ups. */
    const receiptIds = distinct.slice(0, 60)
    for (const id of receiptIds.slice(0, 2)) {
      await request(port, {
        path: `/api/payments/${id}/receipt.pdf?paper=a5`,
        host,
        headers: staff,
      })
    }
    const times: number[] = []
    for (const id of receiptIds.slice(2)) {
      const t0 = performance.now()
      const pdf = await request(port, {
        path: `/api/payments/${id}/receipt.pdf?paper=a5`,
        host,
        headers: staff,
      })
      if (pdf.status !== 200) throw new Error(`receipt: ${pdf.status}`)
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    console.log(
      `receipt PDF (A5, warm): median ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms  (${times.length} requests)`
    )
  } finally {
    await app.stop()
  }
}

await main()
