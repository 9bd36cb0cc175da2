import http from 'node:http'
import { test } from '@japa/runner'
import Stripe from 'stripe'
import router from '@adonisjs/core/services/router'
import env from '#start/env'
import PaymentWebhookAttempt from '#models/payment_webhook_attempt'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { createBoard } from '#tests/helpers/boards'
import { paymentClinic, STRIPE_WEBHOOK_SECRET } from '#tests/helpers/payments'

/*
 * Issue 12, F8: malformed input is answered, never a 500. First the cases the
 * attack found, then a bounded fuzz pass over every route of the router's
 * list (so a route added later is fuzzed without anyone listing it), as the
 * clinic's admin (every permission), anonymously, and on the platform host
 * with the operator token.
 */

interface Sent {
  status: number
  body: string
  ms: number
}

/** A raw HTTP request: any method, path, header and body, as a client on the network may send. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  timeoutMs = 15_000
): Promise<Sent> {
  const started = Date.now()
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: Number(process.env.PORT),
        method,
        path,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.length < 64 && chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
            ms: Date.now() - started,
          })
        )
        response.on('error', () => resolve({ status: -2, body: '', ms: Date.now() - started }))
      }
    )
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', (error) =>
      resolve({
        status: error.message === 'timeout' ? -1 : -2,
        body: error.message,
        ms: Date.now() - started,
      })
    )
    if (body !== undefined) request.write(body)
    request.end()
  })
}

const WRONG_BOUNDARY = {
  type: 'multipart/form-data; boundary=----expected',
  body: '------other\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n------other--\r\n',
}

function signedStripe(tenant: Tenant, event: unknown) {
  const payload = JSON.stringify(event)
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: STRIPE_WEBHOOK_SECRET,
  })
  return send(
    'POST',
    '/api/payments/stripe/webhook',
    { 'host': hostOf(tenant), 'content-type': 'application/json', 'stripe-signature': signature },
    payload
  )
}

test.group('Security F8: malformed input the attack found', () => {
  test('Payme and Click answer a multipart body with a wrong boundary in their own format', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('f8')
    await paymentClinic(client, tenant)
    const host = hostOf(tenant)
    const auth = `Basic ${Buffer.from('Paycom:whatever').toString('base64')}`
    for (const type of [WRONG_BOUNDARY.type, 'multipart/form-data']) {
      const payme = await send(
        'POST',
        '/api/payments/payme/webhook',
        { host, 'content-type': type, 'authorization': auth },
        WRONG_BOUNDARY.body
      )
      assert.equal(payme.status, 200, payme.body)
      assert.equal(JSON.parse(payme.body).error.code, -32700, payme.body)
      for (const action of ['prepare', 'complete']) {
        const click = await send(
          'POST',
          `/api/payments/click/${action}`,
          { host, 'content-type': type },
          WRONG_BOUNDARY.body
        )
        assert.equal(click.status, 200, click.body)
        assert.equal(JSON.parse(click.body).error, -8, click.body)
      }
    }
    const attempts = await inTenant(tenant, () =>
      PaymentWebhookAttempt.query().whereIn('provider', ['payme', 'click']).orderBy('id')
    )
    assert.lengthOf(attempts, 6, 'every call logged')
    assert.sameMembers(
      attempts.map((attempt) => attempt.errorCode),
      ['-32700', '-8', '-8', '-32700', '-8', '-8']
    )
  })

  test('a validly signed Stripe event without a string id or type is 400 WEBHOOK_EVENT_INVALID, and logged', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('f8')
    await paymentClinic(client, tenant)
    const base = { object: 'event', created: 1, data: { object: { id: 'cs_1' } } }
    const events = [
      { ...base, type: 'checkout.session.completed' },
      { ...base, id: 42, type: 'checkout.session.completed' },
      { ...base, id: 'evt_no_type' },
      { ...base, id: 'evt_number_type', type: 7 },
      { ...base, id: 'evt_object_type', type: { a: 1 } },
      { id: 'evt_no_data', object: 'event', type: 'checkout.session.completed' },
      { id: 'evt_data_string', object: 'event', type: 'charge.refunded', data: 'x' },
      [1, 2, 3],
    ]
    for (const event of events) {
      const answer = await signedStripe(tenant, event)
      assert.equal(answer.status, 400, `${JSON.stringify(event)} → ${answer.body}`)
      assert.equal(JSON.parse(answer.body).error.code, 'WEBHOOK_EVENT_INVALID')
    }
    /* JSON that is no object or array: the body parser keeps no raw text to check a signature on. */
    for (const scalar of ['just a string', null, 42]) {
      const answer = await signedStripe(tenant, scalar)
      assert.equal(answer.status, 400, `${JSON.stringify(scalar)} → ${answer.body}`)
    }
    const attempts = await inTenant(tenant, () =>
      PaymentWebhookAttempt.query().where('provider', 'stripe').orderBy('id')
    )
    assert.lengthOf(attempts, events.length + 3, 'every delivery is an attempt row')
    for (const attempt of attempts.slice(0, events.length)) {
      assert.equal(attempt.outcome, 'rejected')
      assert.equal(attempt.errorCode, 'WEBHOOK_EVENT_INVALID')
    }
    assert.equal(attempts[2].externalId, 'evt_no_type', 'a string id is kept')
    assert.isNull(attempts[1].externalId, 'a number id is not taken for one')
  })

  test('page=9223372036854775808 and other out-of-range numbers in the registry query are 422', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('f8')
    await paymentClinic(client, tenant)
    const token = await apiToken(client, tenant, 'registrar')
    for (const query of [
      'page=9223372036854775808',
      'page=1e400',
      'per_page=9223372036854775808',
      'doctor_id=9223372036854775808',
      'branch_id=99999999999999999999999',
      'page=-1',
      'page=2&per_page=100000',
    ]) {
      const answer = await send('GET', `/api/registry?${query}`, {
        'host': hostOf(tenant),
        'authorization': `Bearer ${token}`,
        'accept-language': 'en',
      })
      assert.equal(answer.status, 422, `${query} → ${answer.body}`)
    }
    /* A day that does not exist or lies centuries away is refused before any period is walked day by day. */
    const admin = await apiToken(client, tenant, 'admin')
    for (const path of [
      '/api/admin/reports?from=2026-01-01&to=9999-99-99',
      '/api/admin/reports?from=0001-01-01&to=9999-12-31',
      '/api/calendar?from=2026-02-30&to=2026-03-01',
      '/api/payments/summary?from=2026-01-01&to=2026-13-01',
    ]) {
      const answer = await send('GET', path, {
        host: hostOf(tenant),
        authorization: `Bearer ${admin}`,
      })
      assert.equal(answer.status, 422, `${path} → ${answer.body}`)
      assert.isBelow(answer.ms, 2000, path)
    }
    const fine = await send('GET', '/api/registry?page=2&per_page=10', {
      host: hostOf(tenant),
      authorization: `Bearer ${token}`,
    })
    assert.equal(fine.status, 200, fine.body)
  })
})

/* ------------------------------------------------------------------------ */

const HUGE = '9223372036854775808'
const PARAM_JUNK = [
  '0',
  '-1',
  HUGE,
  '99999999999999999999999999',
  '1e309',
  '1.5',
  'abc',
  encodeURIComponent("'; DROP TABLE users; --"),
  'x'.repeat(300),
  '%E0%A4%A',
  '..%2F..%2Fetc',
  '%00',
]
const QUERY_JUNK = [
  `page=${HUGE}&per_page=${HUGE}&limit=${HUGE}&doctor_id=${HUGE}&branch_id=-1&id=1e309&date=9999-99-99&from=-1&to=abc&q=${'x'.repeat(1500)}&lang=xx&paper=0&v[]=1`,
  'page=-1&per_page=0&limit=-5&doctor_id=abc&branch_id=1.5&date=2026-02-30&from=2026-13-01&to=0000-00-00&status=%00&q[]=1&q[x]=2&amount=-1',
  'page[]=1&page[]=2&per_page[a]=1&limit=NaN&doctor_id=Infinity&date[]=x&from=2026-01-01&to=1900-01-01&branch_id=0x10&visit_id[][]=1',
  `page=1e400&doctor_id=99999999999999999999999999&date=${'9'.repeat(400)}&from=2026-01-01&to=2999-12-31&month=13&year=-2026`,
]

/** One parameter alone, so no other refused parameter hides what it does. */
const SINGLE_QUERIES = [
  ...['page', 'per_page', 'limit', 'doctor_id', 'branch_id', 'visit_id', 'workstation_id'].map(
    (name) => `${name}=${HUGE}`
  ),
  'date=2026-02-30',
  'from=0000-01-01&to=9999-12-31',
  'key[]=1&token[]=1&lang[]=x&s[]=1&v[]=1&paper[]=80&format[]=pdf',
]

const junkValues = [
  HUGE,
  -1,
  1e308,
  -1e308,
  0.5,
  [],
  [[1]],
  { a: { b: {} } },
  null,
  true,
  '',
  'x',
  '-1',
]
/** Every field name a route of this app reads, set to a value it should refuse. */
const FIELD_NAMES = [
  'id',
  'visit_id',
  'doctor_id',
  'branch_id',
  'patient_id',
  'service_id',
  'service_ids',
  'services',
  'amount',
  'price',
  'qty',
  'page',
  'per_page',
  'limit',
  'date',
  'from',
  'to',
  'day',
  'status',
  'type',
  'payment_type',
  'method',
  'provider',
  'currency',
  'values',
  'patient',
  'fio',
  'phone',
  'birth_year',
  'name',
  'title',
  'login',
  'password',
  'roles',
  'permissions',
  'days',
  'weekday',
  'start',
  'end',
  'position',
  'duration_seconds',
  'workstation_id',
  'entry_id',
  'lang',
  'token',
  'slug',
  'code',
  'otp',
  'reason',
  'note',
  'into_id',
  'add_services',
  'remove_services',
  'channel',
  'uid',
  'params',
  'jsonrpc',
  'action',
  'sign_string',
  'merchant_trans_id',
  'click_trans_id',
]
function junkObject(seed: number) {
  return Object.fromEntries(
    FIELD_NAMES.map((name, index) => [name, junkValues[(index + seed) % junkValues.length]])
  )
}
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

/** Bodies a write route may receive: each a content type and bytes. */
const BODIES: { type: string; body: string }[] = [
  { type: 'application/json', body: JSON.stringify(junkObject(0)) },
  { type: 'application/json', body: '{"a":' },
  { type: 'application/json', body: '[1,[2,{}],"x"]' },
  { type: 'application/json', body: 'null' },
  {
    type: 'application/json',
    body: JSON.stringify({ ...junkObject(5), nested: JSON.parse(nested(400)) }),
  },
  { type: 'text/plain', body: 'junk' },
  WRONG_BOUNDARY,
  { type: 'multipart/form-data', body: 'no boundary at all' },
  {
    type: 'application/x-www-form-urlencoded',
    body: `a[b][c][d][]=1&page=${HUGE}&amount=-1&visit_id[]=x&values[x][y]=1&id=${'9'.repeat(400)}`,
  },
  { type: 'application/xml', body: '<?xml version="1.0"?><x>&amp;</x>' },
  { type: 'application/json; charset=utf-16', body: '\u0000{\u0000}' },
]

interface Caller {
  name: string
  host: string
  headers: Record<string, string>
}

function pathOf(pattern: string, junk: string) {
  return pattern.replace(/:[a-zA-Z_]+\??/g, junk).replace(/\*/g, junk)
}

/** Requests for one route: a few junk parameters and queries; write routes also every junk body. */
function requestsFor(methods: string[], pattern: string, caller: Caller) {
  const method = methods.find((m) => m !== 'HEAD') ?? methods[0]
  const list: { method: string; path: string; headers: Record<string, string>; body?: string }[] =
    []
  const hasParams = pattern.includes(':')
  const reads = method === 'GET' ? 4 : 2
  for (let i = 0; i < reads; i++) {
    const param = PARAM_JUNK[(i * 3 + pattern.length) % PARAM_JUNK.length]
    list.push({
      method,
      path: `${pathOf(pattern, hasParams ? param : '')}?${QUERY_JUNK[i % QUERY_JUNK.length]}`,
      headers: { ...caller.headers, host: caller.host },
    })
  }
  if (method === 'GET') {
    for (const query of SINGLE_QUERIES) {
      list.push({
        method,
        path: `${pathOf(pattern, hasParams ? PARAM_JUNK[2] : '')}?${query}`,
        headers: { ...caller.headers, host: caller.host },
      })
    }
  } else {
    BODIES.forEach(({ type, body }, index) => {
      list.push({
        method,
        path: `${pathOf(pattern, PARAM_JUNK[index % PARAM_JUNK.length])}?${QUERY_JUNK[index % QUERY_JUNK.length]}`,
        headers: { ...caller.headers, 'host': caller.host, 'content-type': type },
        body,
      })
    })
  }
  return list
}

/** Routes that end the caller's session or hold a stream open are fuzzed anonymously only. */
const SESSION_ENDING = /\/logout$|^\/__transmit\/events$/

test.group('Security F8: a fuzz pass over every route answers no 5xx', () => {
  test('junk parameters, numbers, arrays, malformed JSON and wrong content types', async ({
    client,
    assert,
  }) => {
    const started = Date.now()
    const tenant = await createTestTenant('fuzz')
    await paymentClinic(client, tenant)
    const board = await createBoard(client, tenant)
    const token = await apiToken(client, tenant, 'admin')
    const host = hostOf(tenant)
    const callers: Caller[] = [
      {
        name: 'admin',
        host,
        headers: {
          'authorization': `Bearer ${token}`,
          'x-board-key': board.key,
          'accept': 'application/json',
        },
      },
      { name: 'anonymous', host, headers: { 'accept-language': 'uz' } },
      {
        name: 'operator',
        host: 'localhost',
        headers: { authorization: `Bearer ${env.get('PLATFORM_TOKEN').release()}` },
      },
    ]
    const routes = Object.values(router.toJSON()).flat()
    assert.isAbove(routes.length, 100, 'the route list is walked')

    const jobs: { caller: string; method: string; path: string; headers: any; body?: string }[] = []
    for (const route of routes) {
      for (const caller of callers) {
        if (caller.name !== 'anonymous' && SESSION_ENDING.test(route.pattern)) continue
        if (route.pattern === '/__transmit/events') continue
        if (caller.name === 'operator' && !/^\/(api\/platform|health$|$)/.test(route.pattern))
          continue
        const all = requestsFor(route.methods, route.pattern, caller)
        /* Without a login most routes stop at 401: two requests each are enough. */
        const chosen = caller.name === 'anonymous' ? [all[0], all.at(-1)!] : all
        for (const job of chosen) jobs.push({ caller: caller.name, ...job })
      }
    }
    /* Session-ending routes last, so the admin's token serves every other request. */
    jobs.sort((a, b) => Number(SESSION_ENDING.test(a.path)) - Number(SESSION_ENDING.test(b.path)))

    const failures: string[] = []
    let slowest = { ms: 0, what: '' }
    let next = 0
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]
        const answer = await send(job.method, job.path, job.headers, job.body)
        const what = `${job.caller} ${job.method} ${job.path.slice(0, 160)} [${job.headers['content-type'] ?? '-'}]`
        if (answer.ms > slowest.ms) slowest = { ms: answer.ms, what }
        if (answer.status >= 500 || answer.status < 0) {
          failures.push(`${answer.status} ${what}\n    ${answer.body.slice(0, 300)}`)
        }
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()])
    const seconds = (Date.now() - started) / 1000
    console.log(
      `fuzz: ${jobs.length} requests over ${routes.length} routes in ${seconds.toFixed(1)} s; slowest ${slowest.ms} ms: ${slowest.what}`
    )
    assert.deepEqual(failures, [], `5xx or no answer:\n${failures.join('\n')}`)
  }).timeout(120_000)
})
