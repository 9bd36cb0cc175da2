import { mock } from 'node:test'
import { test } from '@japa/runner'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import limiter from '@adonisjs/limiter/services/main'
import type { ServerConfig } from '@adonisjs/core/types/http'
import { generate } from 'otplib'
import env from '#start/env'
import AuditLog from '#models/audit_log'
import type Tenant from '#tenants/models/tenant'
import { clock } from '#services/clock'
import {
  compileTrustedProxies,
  parseTrustedProxies,
  trustedProxies,
  trustedProxiesVariable,
} from '#support/trusted_proxies'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'
import { joinQueue, setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'

/*
 * Issue 12: F2 (X-Forwarded-For believed from anyone), F4 (no limit on
 * second-factor codes), F9 (CSRF skipped for any Authorization header).
 *
 * The tests connect from loopback, which TRUSTED_PROXIES trusts by default
 * (a reverse proxy on the same machine). To be a client that is not a proxy,
 * a test tells the running server's list (config/app.ts) to trust a range
 * that leaves loopback out, as TRUSTED_PROXIES=10.0.0.0/8 would, and puts the
 * configured list back afterwards.
 */
const httpConfig = () => app.config.get<ServerConfig>('app.http')
const trustOnly = (entries: string[]) => trustedProxies.use(entries)

/** TEST-NET addresses: never a proxy, never the test client. */
const ALLOWED = '198.51.100.20'
const SPOOFED = '203.0.113.50'

/** The address the server sees for this test client (from the audit of its last login). */
async function ownAddress(tenant: Tenant) {
  const row = await inTenant(tenant, () =>
    AuditLog.query().where('event', 'auth.login').orderBy('id', 'desc').firstOrFail()
  )
  return row.ip!
}

test.group('F2: X-Forwarded-For only from trusted proxies', (group) => {
  group.each.teardown(() => {
    trustedProxies.use(env.get('TRUSTED_PROXIES'))
    clock.reset()
  })

  test('TRUSTED_PROXIES: loopback when unset, addresses and ranges, none, invalid entries refused', ({
    assert,
  }) => {
    assert.deepEqual(parseTrustedProxies(undefined), ['loopback'])
    assert.deepEqual(parseTrustedProxies('  '), ['loopback'])
    assert.deepEqual(parseTrustedProxies('none'), [])
    assert.deepEqual(parseTrustedProxies('10.0.0.2, 192.168.0.0/16,,::1'), [
      '10.0.0.2',
      '192.168.0.0/16',
      '::1',
    ])
    assert.throws(() => parseTrustedProxies('10.0.0.2,proxy.local'), /invalid IP address/)
    assert.throws(
      () => trustedProxiesVariable('TRUSTED_PROXIES', '10.0.0.0/33'),
      /"TRUSTED_PROXIES"/
    )

    const trust = compileTrustedProxies(parseTrustedProxies('10.0.0.0/8'))
    assert.isTrue(trust('10.1.2.3', 0))
    assert.isFalse(trust('127.0.0.1', 0))
    assert.isFalse(compileTrustedProxies([])('127.0.0.1', 0))
  })

  test('the server believes only the configured proxies (loopback by default), not any client', ({
    assert,
  }) => {
    const trust = httpConfig().trustProxy
    assert.isFalse(trust(SPOOFED, 0), 'a client on the Internet is not a proxy')
    assert.isFalse(trust('10.20.30.40', 0))
    if (!process.env.TRUSTED_PROXIES) {
      assert.isTrue(trust('127.0.0.1', 0))
      assert.isTrue(trust('::1', 0))
    }
  })

  test('the admin allow-list refuses a client that names an allowed address in X-Forwarded-For; through a trusted proxy the header counts', async ({
    client,
  }) => {
    const tenant = await createTestTenant('xff')
    const admin = await adminApi(client, tenant)
    const usersFrom = (forwardedFor?: string) => {
      const request = client
        .get('/api/admin/users')
        .header('host', hostOf(tenant))
        .bearerToken(admin.token)
      return forwardedFor ? request.header('x-forwarded-for', forwardedFor) : request
    }

    /* Through the proxy on loopback (trusted by default), the admin works from ALLOWED. */
    const saved = await admin
      .put('/api/admin/settings', { values: { 'security.admin_ip_allowlist': [ALLOWED] } })
      .header('x-forwarded-for', ALLOWED)
    saved.assertStatus(200)
    ;(await usersFrom(ALLOWED)).assertStatus(200)
    ;(await usersFrom()).assertStatus(403)

    /* The same request from a client that is not a trusted proxy: the header is its own word. */
    trustOnly(['10.0.0.0/8'])
    const spoofed = await usersFrom(ALLOWED)
    spoofed.assertStatus(403)
    spoofed.assertBodyContains({ error: { code: 'IP_NOT_ALLOWED' } })
    ;(await usersFrom(`${ALLOWED}, ${ALLOWED}`)).assertStatus(403)

    trustOnly(parseTrustedProxies('none'))
    ;(await usersFrom(ALLOWED)).assertStatus(403)
  })

  test('the queue join ceiling per address counts a spoofing client as itself', async ({
    client,
  }) => {
    setLocalTime('2026-03-02T07:30:00')
    const tenant = await createTestTenant('xff')
    const { doctors } = await setupRegistry(tenant)
    const qr = await (
      await staffApi(client, tenant)
    ).post('/api/queue/qrcode', { specialist_id: doctors.therapy.id })
    qr.assertStatus(200)
    const token = qr.body().token as string
    const ceiling = env.get('QUEUE_JOIN_IP_LIMIT_PER_MINUTE', 600)
    const perAddress = limiter.use({ requests: ceiling, duration: '1 min' })
    await perAddress.set(`join:${tenant.id}:ip:${await ownAddress(tenant)}`, ceiling, '1 min')

    const join = (phone: string) =>
      joinQueue(client, tenant, { token, phone }).header('x-forwarded-for', SPOOFED)

    trustOnly(['10.0.0.0/8'])
    const refused = await join('901200001')
    refused.assertStatus(429)
    refused.assertBodyContains({ error: { code: 'RATE_LIMITED' } })

    /* Behind a trusted proxy the forwarded address is the client's own. */
    trustOnly(parseTrustedProxies(undefined))
    ;(await join('901200002')).assertStatus(200)
  })

  test('the login ceiling per address counts a spoofing client as itself', async ({ client }) => {
    const tenant = await createTestTenant('xff')
    await adminApi(client, tenant)
    const key = `login-ip:${await ownAddress(tenant)}`
    const perAddress = limiter.use({ requests: 600, duration: '1 min' })
    const login = () =>
      client
        .post('/api/auth/login')
        .header('host', hostOf(tenant))
        .header('x-forwarded-for', SPOOFED)
        .json({ login: 'admin', password: TEST_PASSWORD })

    await perAddress.set(key, 600, '1 min')
    try {
      trustOnly(['10.0.0.0/8'])
      const refused = await login()
      refused.assertStatus(429)
      refused.assertBodyContains({ error: { code: 'RATE_LIMITED' } })

      trustOnly(parseTrustedProxies(undefined))
      ;(await login()).assertStatus(200)
    } finally {
      /* Every test logs in from this address: leave its ceiling as it was. */
      await perAddress.delete(key)
    }
  })
})

test.group('F4: second-factor codes are limited per user', () => {
  test('5 wrong codes in 5 minutes lock the code for 5 minutes (429, Retry-After, ru/uz/en), a right code too, until the 5 minutes pass; a right code before clears the count', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('otp')
    const admin = await adminApi(client, tenant)
    const secret = (await admin.post('/api/auth/2fa/setup')).body().secret as string
    ;(await admin.post('/api/auth/2fa/enable', { code: await generate({ secret }) })).assertStatus(
      200
    )
    const right = () => generate({ secret })
    const wrong = async () => String((Number(await right()) + 500_000) % 1_000_000).padStart(6, '0')
    const login = (otp: string, locale = 'en') =>
      client
        .post('/api/auth/login')
        .header('host', hostOf(tenant))
        .header('accept-language', locale)
        .json({ login: 'admin', password: TEST_PASSWORD, otp })

    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        const refused = await login(await wrong())
        refused.assertStatus(401)
        refused.assertBodyContains({ error: { code: 'TWO_FACTOR_INVALID' } })
      }
      ;(await login(await right())).assertStatus(200)
    }

    for (let i = 0; i < 5; i++) (await login(await wrong())).assertStatus(401)
    const locked: ApiResponse = await login(await right(), 'ru')
    locked.assertStatus(429)
    assert.equal(locked.body().error.code, 'TWO_FACTOR_LOCKED')
    const retryAfter = Number(locked.header('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 300)
    assert.equal(
      locked.body().error.message,
      'Слишком много неверных кодов. Подождите 5 мин. и введите новый код из приложения-аутентификатора.'
    )
    assert.include((await login(await right(), 'uz')).body().error.message, "Noto'g'ri kodlar")
    const en = await login(await right(), 'en')
    en.assertStatus(429)
    assert.equal(
      en.body().error.message,
      'Too many wrong codes. Wait 5 min, then enter a fresh code from the authenticator app.'
    )
    /* The login page says it too, with the minutes to wait. */
    const panel = await browserSession(client, tenant, { otp: await right() }, 'ru')
    assert.equal(panel.location, '/login')
    assert.equal(
      (await panel.props('/login')).flash.error,
      'Слишком много неверных кодов. Подождите 5 мин. и введите новый код из приложения-аутентификатора.'
    )
    /* The lock is the user's: the code checks of the security page are refused too. */
    ;(await admin.post('/api/auth/2fa/disable', { code: await right() })).assertStatus(429)

    /* The memory store reads the machine's clock (Redis keeps its own time): the lock ends after its 5 minutes. */
    if (!env.get('REDIS_HOST')) {
      ;(await later(240_000, async () => login(await right()))).assertStatus(429)
      ;(await later(301_000, async () => login(await right()))).assertStatus(200)
    }
  })
})

/** Runs `callback` with the machine's clock (Date) moved `ms` ahead, as if that much time had passed. */
async function later<T>(ms: number, callback: () => Promise<T>) {
  mock.timers.enable({ apis: ['Date'], now: Date.now() + ms })
  try {
    return await callback()
  } finally {
    mock.timers.reset()
  }
}

/** A browser on the panels: the login form sent (with `fields`), its session cookie and XSRF token. */
async function browserSession(
  client: ApiClient,
  tenant: Tenant,
  fields: Record<string, string> = {},
  locale = 'en'
) {
  const jar = new Map<string, string>()
  const keep = (response: ApiResponse) => {
    for (const line of ([] as string[]).concat(response.headers()['set-cookie'] ?? [])) {
      const [pair] = line.split(';')
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
    }
    return response
  }
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const xsrf = () => decodeURIComponent(jar.get('XSRF-TOKEN') ?? '')
  const page = (url: string) =>
    client
      .get(url)
      .header('host', hostOf(tenant))
      .header('accept-language', locale)
      .header('cookie', cookie())
      .redirects(0)
  keep(await page('/login'))
  const login = keep(
    await client
      .post('/login')
      .header('host', hostOf(tenant))
      .header('accept-language', locale)
      .header('cookie', cookie())
      .header('x-xsrf-token', xsrf())
      .form({ login: 'admin', password: TEST_PASSWORD, ...fields })
      .redirects(0)
  )
  login.assertStatus(302)
  return {
    cookie: cookie(),
    xsrf: xsrf(),
    location: login.header('location'),
    /** The props of a panel page, as Inertia asks for them. */
    props: async (url: string) =>
      keep(await page(url).header('x-inertia', 'true').header('x-inertia-version', '1')).body()
        .props,
  }
}

test.group('F9: CSRF is skipped only for a bearer token that authenticates', () => {
  test('a junk Authorization header with the session cookie and no CSRF token is refused; a real token needs none', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('csrf')
    const session = await browserSession(client, tenant)
    const createRole = (name: string) =>
      client
        .post('/api/admin/roles')
        .header('host', hostOf(tenant))
        .header('cookie', session.cookie)
        .json({ name, permissions: ['registry.read'] })

    const junk = await createRole('junk_bearer').header('authorization', 'Bearer x')
    assert.oneOf(junk.status(), [401, 403])
    if (junk.status() === 403) junk.assertBodyContains({ error: { code: 'CSRF_MISMATCH' } })
    ;(await createRole('no_token')).assertStatus(403)

    const token = (await adminApi(client, tenant)).token
    const withToken = await createRole('real_token').bearerToken(token)
    assert.oneOf(withToken.status(), [200, 201])
    const withCsrf = await createRole('session_csrf').header('x-xsrf-token', session.xsrf)
    assert.oneOf(withCsrf.status(), [200, 201])

    const names = (
      await client.get('/api/admin/roles').header('host', hostOf(tenant)).bearerToken(token)
    )
      .body()
      .map((role: { name: string }) => role.name)
    assert.includeMembers(names, ['real_token', 'session_csrf'])
    assert.notInclude(names, 'junk_bearer')
  })
})
