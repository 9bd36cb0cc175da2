import { mock } from 'node:test'
import { test } from '@japa/runner'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { joinQueue, setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { clock } from '#services/clock'
import { returnUrl, verifyReturn } from '#services/payments/payment_return'

const HOUR = 3600 * 1000

/** Runs `callback` with the machine's clock (Date) moved `ms` ahead, as if that much time had passed. */
async function later<T>(ms: number, callback: () => Promise<T>) {
  mock.timers.enable({ apis: ['Date'], now: Date.now() + ms })
  try {
    return await callback()
  } finally {
    mock.timers.reset()
  }
}

/**
 * Issue 22 item 1, the same mistake elsewhere: every expiry, TTL and
 * duration the code hands to a library means what it says (a number of
 * seconds read as milliseconds made the morning QR die after a minute).
 */
test.group('Durations: expiries and limits last as long as they say', (group) => {
  group.each.setup(() => () => clock.reset())

  test('a payment return link works for a week: after 6 days yes, after 8 days no', async ({
    assert,
  }) => {
    const tenant = await createTestTenant('dur')
    const url = await inTenant(tenant, async () => returnUrl('http://clinic', 41))
    const signature = decodeURIComponent(new URL(url).searchParams.get('s')!)

    assert.isTrue(
      await later(6 * 24 * HOUR, () => inTenant(tenant, async () => verifyReturn(41, signature)))
    )
    assert.isFalse(
      await later(8 * 24 * HOUR, () => inTenant(tenant, async () => verifyReturn(41, signature)))
    )
  })

  test('a staff API token lives 12 hours: at 11 h it works, at 13 h it is 401', async ({
    client,
  }) => {
    const tenant = await createTestTenant('dur')
    const token = await apiToken(client, tenant)
    const me = () => client.get('/api/auth/me').header('host', hostOf(tenant)).bearerToken(token)

    ;(await later(11 * HOUR, me)).assertStatus(200)
    ;(await later(13 * HOUR, me)).assertStatus(401)
  })

  test('the panel session cookie is kept 12 hours (Max-Age in seconds)', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('dur')
    const page = await client.get('/login').header('host', hostOf(tenant))
    const cookies = ([] as string[]).concat(page.headers()['set-cookie'] ?? [])
    const session = cookies.find((line) => line.startsWith('clinic-session='))
    assert.exists(session)
    assert.match(session!, /Max-Age=43200(;|$)/)
  })

  test('rate limits say Retry-After in seconds within their window', async ({ client, assert }) => {
    const tenant = await createTestTenant('dur')
    let login
    for (let i = 0; i < 11; i++) {
      login = await client
        .post('/api/auth/login')
        .header('host', hostOf(tenant))
        .json({ login: 'admin', password: 'wrong' })
    }
    login!.assertStatus(429)
    const loginRetry = Number(login!.header('retry-after'))
    assert.isAbove(loginRetry, 60, 'the login block lasts 5 minutes')
    assert.isAtMost(loginRetry, 300)

    setLocalTime('2026-03-02T07:30:00')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant, 'registrar')
    const qr = await api.post('/api/queue/qrcode', { specialist_id: doctors.therapy.id })
    let join
    for (let i = 0; i < 25 && join?.status() !== 429; i++) {
      join = await joinQueue(client, tenant, { token: qr.body().token, phone: '901200001' })
    }
    join!.assertStatus(429)
    const joinRetry = Number(join!.header('retry-after'))
    assert.isAbove(joinRetry, 60, 'one phone waits 10 minutes')
    assert.isAtMost(joinRetry, 600)
  })
})
