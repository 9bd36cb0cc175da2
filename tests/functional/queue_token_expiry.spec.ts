import { setTimeout as wait } from 'node:timers/promises'
import { test } from '@japa/runner'
import { clock } from '#services/clock'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { inertiaPage } from '#tests/helpers/api'
import {
  joinQueue,
  putSettings,
  setLocalTime,
  setupRegistry,
  staffApi,
} from '#tests/helpers/registry'
import type { ApiClient } from '@japa/api-client'
import type Tenant from '#tenants/models/tenant'
import { pdfText } from '#tests/helpers/pdf_text'

/** The morning QR's token as the registry's QR dialog gets it (not yet verified anywhere). */
async function dayToken(client: ApiClient, tenant: Tenant, specialistId: number) {
  const api = await staffApi(client, tenant)
  const response = await api.post('/api/queue/qrcode', { specialist_id: specialistId })
  response.assertStatus(200)
  return response.body().token as string
}

/** The patient's page behind the QR, as a phone opens it. */
function openQrPage(client: ApiClient, tenant: Tenant, token: string) {
  return client.get(`/q/${token}`).header('host', hostOf(tenant)).header('accept', 'text/html')
}

/**
 * Issue 22 item 1: the morning QR (and the poster carrying it) is valid for
 * its whole day in the branch's zone, not ~64 s; the next day it is refused
 * with a message that names its day.
 */
test.group('Queue: the morning QR lives for its day', (group) => {
  group.each.setup(() => () => clock.reset())

  test('a QR made at 06:50 still opens and gives numbers at 12:00 and at 23:59:59', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T06:50:00')
    const tenant = await createTestTenant('qtl')
    const { doctors } = await setupRegistry(tenant)
    const token = await dayToken(client, tenant, doctors.therapy.id)

    setLocalTime('2026-03-02T12:00:00')
    const page = await openQrPage(client, tenant, token)
    page.assertStatus(200)
    assert.isTrue(inertiaPage(page.text()).props.valid)
    const joined = await joinQueue(client, tenant, { token, phone: '901100001' })
    joined.assertStatus(200)

    setLocalTime('2026-03-02T23:59:59')
    const late = await joinQueue(client, tenant, { token, phone: '901100002' })
    late.assertStatus(200)
    assert.equal(late.body().number, joined.body().number + 1)
  })

  test('a QR waits a real minute and more, never verified before, and still works', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T06:50:00')
    const tenant = await createTestTenant('qtl')
    const { doctors } = await setupRegistry(tenant)
    const token = await dayToken(client, tenant, doctors.therapy.id)

    // The bug read the day's remaining seconds as milliseconds: ~62 s here.
    await wait(66_000)
    setLocalTime('2026-03-02T07:05:00')
    const page = await openQrPage(client, tenant, token)
    page.assertStatus(200)
    assert.isTrue(inertiaPage(page.text()).props.valid)
    ;(await joinQueue(client, tenant, { token, phone: '901100011' })).assertStatus(200)
  }).timeout(120_000)

  test('at local midnight the QR is over: 410 TOKEN_EXPIRED naming its day, page says so', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:00:00')
    const tenant = await createTestTenant('qtl')
    const { doctors } = await setupRegistry(tenant)
    const token = await dayToken(client, tenant, doctors.therapy.id)

    setLocalTime('2026-03-03T00:00:01')
    const refused = await joinQueue(client, tenant, { token, phone: '901100021' }, 'ru')
    refused.assertStatus(410)
    assert.equal(refused.body().error.code, 'TOKEN_EXPIRED')
    assert.equal(refused.body().error.day, '2026-03-02')
    assert.include(refused.body().error.message, '2026-03-02')
    assert.include(refused.body().error.message, 'сегодняшний QR-код')

    const status = await client
      .get(`/api/queue/join-status?token=${token}`)
      .header('host', hostOf(tenant))
      .header('accept-language', 'en')
    status.assertStatus(410)
    assert.include(status.body().error.message, "Scan today's QR code")

    const page = await openQrPage(client, tenant, token)
    page.assertStatus(410)
    const props = inertiaPage(page.text()).props
    assert.isFalse(props.valid)
    assert.equal(props.expired_day, '2026-03-02')
    assert.isNull(props.specialist)

    const forged = await openQrPage(client, tenant, `${token.slice(0, -3)}abc`)
    forged.assertStatus(404)
    assert.isNull(inertiaPage(forged.text()).props.expired_day)
  })

  test("the day ends in the branch's zone, not the server's or Tashkent's", async ({ client }) => {
    setLocalTime('2026-03-02T07:00:00', 'Europe/Moscow')
    const tenant = await createTestTenant('qtl')
    const { doctors } = await setupRegistry(tenant)
    await putSettings(client, tenant, { timezone: 'Europe/Moscow' })
    const token = await dayToken(client, tenant, doctors.therapy.id)

    // 01:30 in Tashkent is still 23:30 of the QR's day in Moscow.
    setLocalTime('2026-03-03T01:30:00', 'Asia/Tashkent')
    ;(await joinQueue(client, tenant, { token, phone: '901100031' })).assertStatus(200)
    setLocalTime('2026-03-03T00:00:01', 'Europe/Moscow')
    ;(await joinQueue(client, tenant, { token, phone: '901100032' })).assertStatus(410)
  })

  test("yesterday's poster is refused with its clear message; today's works", async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T06:50:00')
    const tenant = await createTestTenant('qtl')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const poster = await api.get(`/api/queue/poster.pdf?specialist_id=${doctors.therapy.id}`)
    poster.assertStatus(200)
    const printed = pdfText(poster.body() as Buffer).text.replace(/\s+/g, '')
    const token = printed.match(/\/q\/([A-Za-z0-9._~-]+)/)![1]

    setLocalTime('2026-03-02T16:00:00')
    ;(await joinQueue(client, tenant, { token, phone: '901100041' })).assertStatus(200)

    setLocalTime('2026-03-03T07:00:00')
    const refused = await joinQueue(client, tenant, { token, phone: '901100042' }, 'uz')
    refused.assertStatus(410)
    assert.equal(refused.body().error.code, 'TOKEN_EXPIRED')
    assert.include(refused.body().error.message, '2026-03-02')
    assert.include(refused.body().error.message, 'bugungi QR-kod')
    assert.equal(
      inertiaPage((await openQrPage(client, tenant, token)).text()).props.expired_day,
      '2026-03-02'
    )

    const todays = await dayToken(client, tenant, doctors.therapy.id)
    ;(await joinQueue(client, tenant, { token: todays, phone: '901100042' })).assertStatus(200)
  })
})
