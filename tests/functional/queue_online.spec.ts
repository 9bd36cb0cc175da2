import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import QueueEntry from '#models/queue_entry'
import User from '#models/user'
import { clock } from '#services/clock'
import type { RegistryEvent } from '#services/registry/registry_events'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { joinQueue, setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'

/** The QR token of a specialist's day, as the registry's QR dialog gets it. */
async function dayToken(
  api: Awaited<ReturnType<typeof staffApi>>,
  specialistId: number,
  day?: string
) {
  const response = await api.post('/api/queue/qrcode', {
    specialist_id: specialistId,
    ...(day ? { day } : {}),
  })
  response.assertStatus(200)
  return response.body().token as string
}

test.group('Queue: the morning online window', (group) => {
  group.each.setup(() => () => clock.reset())

  test('the QR of the day is a signed join link with an SVG', async ({ client, assert }) => {
    setLocalTime('2026-03-02T06:00:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const qr = await api.post('/api/online-queue/qrcode', { specialist_id: doctors.therapy.id })
    qr.assertStatus(200)
    assert.equal(qr.body().day, '2026-03-02')
    assert.include(qr.body().url, `${hostOf(tenant)}/q/`)
    assert.match(qr.body().svg, /^<svg/)
  })

  test('REG-T2 / QUE-T2: 06:59:59 is "not open yet", 07:00:00 gives a number', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T06:00:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const token = await dayToken(await staffApi(client, tenant), doctors.therapy.id)

    setLocalTime('2026-03-02T06:59:59')
    const early = await joinQueue(client, tenant, { token, phone: '901000001' }, 'ru')
    early.assertStatus(409)
    assert.equal(early.body().error.code, 'QUEUE_NOT_OPEN_YET')
    assert.include(early.body().error.message, '07:00')
    const status = await client
      .get(`/api/queue/join-status?token=${token}`)
      .header('host', hostOf(tenant))
    assert.equal(status.body().state, 'not_open_yet')

    setLocalTime('2026-03-02T07:00:00')
    const joined = await joinQueue(client, tenant, { token, phone: '901000001', name: 'Азиз' })
    joined.assertStatus(200)
    assert.deepInclude(joined.body(), { number: 1, duplicate: false, day: '2026-03-02' })
    assert.equal(joined.body().specialist.id, doctors.therapy.id)
  })

  test('REG-T3 / QUE-T1: the same phone (any format) or Telegram chat gets its number back, nothing new', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:05:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const token = await dayToken(await staffApi(client, tenant), doctors.cardiology.id)

    const first = await joinQueue(client, tenant, { token, phone: '+998 90 700 00 01' })
    assert.deepInclude(first.body(), { number: 8, duplicate: false })
    const again = await joinQueue(client, tenant, { token, phone: '907000001' })
    assert.deepInclude(again.body(), { number: 8, duplicate: true })

    const bot = await joinQueue(client, tenant, { token, telegram_id: '5550001' })
    assert.deepInclude(bot.body(), { number: 9, duplicate: false })
    const botAgain = await joinQueue(client, tenant, { token, telegram_id: '5550001' })
    assert.deepInclude(botAgain.body(), { number: 9, duplicate: true })

    await inTenant(tenant, async () => assert.lengthOf(await QueueEntry.all(), 2))
  })

  test('REG-T5: open reception stamps opened_at once, emits queue.closed; later joins are closed, holders still recover', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:30:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const token = await dayToken(api, doctors.therapy.id)
    await joinQueue(client, tenant, { token, phone: '901000002' })

    const events: RegistryEvent[] = []
    const listener = (event: RegistryEvent) => {
      if (event.tenant_id === tenant.id) events.push(event)
    }
    emitter.on('registry:event', listener)
    try {
      setLocalTime('2026-03-02T08:00:00')
      const opened = await api.post(`/api/queue/open?specialist_id=${doctors.therapy.id}`)
      opened.assertStatus(200)
      assert.isString(opened.body().opened_at)
      setLocalTime('2026-03-02T08:05:00')
      const twice = await api.post('/api/queue/open', { specialist_id: doctors.therapy.id })
      assert.equal(twice.body().opened_at, opened.body().opened_at)
    } finally {
      emitter.clearListener('registry:event', listener)
    }
    assert.deepEqual(
      events.map((e) => [e.event, e.specialist_id]),
      [['queue.closed', doctors.therapy.id]]
    )

    const late = await joinQueue(client, tenant, { token, phone: '901000003' }, 'uz')
    late.assertStatus(409)
    assert.equal(late.body().error.code, 'QUEUE_CLOSED')
    assert.include(late.body().error.message, 'registratura')
    const holder = await joinQueue(client, tenant, { token, phone: '901000002' })
    assert.deepInclude(holder.body(), { number: 1, duplicate: true })

    const desk = await api.post('/api/registry/rows', {
      patient: { fio: 'Пришёл Сам', birth_year: 1970 },
      doctor_id: doctors.therapy.id,
    })
    desk.assertStatus(201)
  })

  test('REG-T6 / decision 4: online numbers start at the specialty start number, desk numbers from 1', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:10:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)

    const dentist = await dayToken(api, doctors.dentistry.id)
    const derm = await dayToken(api, doctors.dermatology.id)
    assert.equal(
      (await joinQueue(client, tenant, { token: dentist, phone: '901000010' })).body().number,
      3
    )
    assert.equal(
      (await joinQueue(client, tenant, { token: derm, phone: '901000011' })).body().number,
      15
    )
    assert.equal(
      (await joinQueue(client, tenant, { token: derm, phone: '901000012' })).body().number,
      16
    )

    for (const expected of [1, 2]) {
      const row = await api.post('/api/registry/rows', {
        patient: { fio: `Деск Пациент${expected}`, birth_year: 1980 },
        doctor_id: doctors.dermatology.id,
      })
      assert.equal(row.body().number, expected)
    }
  })

  test('the online holder who comes to the desk keeps the number: the visit takes the entry', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:10:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const token = await dayToken(api, doctors.dermatology.id)
    await joinQueue(client, tenant, { token, phone: '901000020' })

    const lookup = await api.get('/api/patients?phone=901000020')
    assert.lengthOf(lookup.body().data, 0)
    const row = await api.post('/api/registry/rows', {
      patient: { fio: 'Онлайн Пациентка', birth_year: 1990, phone: '+998901000020' },
      doctor_id: doctors.dermatology.id,
    })
    row.assertStatus(201)
    assert.equal(row.body().number, 15)
    assert.equal(row.body().row.source, 'online')
    const registry = await api.get(`/api/registry?doctor_id=${doctors.dermatology.id}`)
    assert.equal(registry.body().meta.total, 1)
  })

  test('QUE-T8 / ADM-T9: a start number changed in admin applies to the next online number', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:10:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const admin = await staffApi(client, tenant, 'admin')
    const token = await dayToken(admin, doctors.cardiology.id)
    assert.equal((await joinQueue(client, tenant, { token, phone: '901000030' })).body().number, 8)
    ;(
      await client
        .put('/api/admin/settings')
        .header('host', hostOf(tenant))
        .bearerToken(await apiToken(client, tenant))
        .json({ values: { 'queue.online_start_number.cardiology': 20 } })
    ).assertStatus(200)
    assert.equal((await joinQueue(client, tenant, { token, phone: '901000031' })).body().number, 20)
  })

  test('QUE-T5: after local midnight numbering restarts (desk 1, online S)', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:10:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const day1 = await dayToken(api, doctors.dentistry.id)
    await joinQueue(client, tenant, { token: day1, phone: '901000040' })
    await joinQueue(client, tenant, { token: day1, phone: '901000041' })
    await api.post('/api/registry/rows', {
      patient: { fio: 'Первый День', birth_year: 1980 },
      doctor_id: doctors.dentistry.id,
    })

    setLocalTime('2026-03-03T00:00:01')
    const stale = await joinQueue(client, tenant, { token: day1, phone: '901000042' })
    stale.assertStatus(410)
    assert.equal(stale.body().error.code, 'TOKEN_EXPIRED')

    setLocalTime('2026-03-03T07:00:00')
    const day2 = await dayToken(api, doctors.dentistry.id)
    assert.equal(
      (await joinQueue(client, tenant, { token: day2, phone: '901000040' })).body().number,
      3
    )
    const desk = await api.post('/api/registry/rows', {
      patient: { fio: 'Второй День', birth_year: 1980 },
      doctor_id: doctors.dentistry.id,
    })
    assert.equal(desk.body().number, 1)
  })

  test('QUE-T6: with auto-close at 09:00 and reception not opened, a join at 09:00 is closed', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T08:00:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const admin = await staffApi(client, tenant, 'admin')
    ;(
      await client
        .put('/api/admin/settings')
        .header('host', hostOf(tenant))
        .bearerToken(await apiToken(client, tenant))
        .json({ values: { 'queue.online_auto_close': '09:00' } })
    ).assertStatus(200)
    const token = await dayToken(admin, doctors.therapy.id)
    setLocalTime('2026-03-02T08:59:59')
    ;(await joinQueue(client, tenant, { token, phone: '901000050' })).assertStatus(200)
    setLocalTime('2026-03-02T09:00:00')
    const closed = await joinQueue(client, tenant, { token, phone: '901000051' })
    assert.equal(closed.body().error.code, 'QUEUE_CLOSED')
  })

  test('QUE-T3 / QUE-T7: 20 parallel joins with a limit of 15 give 15 distinct numbers and 5 "no places"', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:00:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const token = await dayToken(await staffApi(client, tenant), doctors.therapy.id)
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        joinQueue(client, tenant, { token, phone: `90200${String(i).padStart(4, '0')}` }, 'ru')
      )
    )
    const numbers = responses.filter((r) => r.status() === 200).map((r) => r.body().number)
    const full = responses.filter((r) => r.status() === 409)
    assert.lengthOf(numbers, 15)
    assert.deepEqual(
      [...numbers].sort((a, b) => a - b),
      Array.from({ length: 15 }, (_, i) => i + 1)
    )
    assert.lengthOf(full, 5)
    assert.isTrue(full.every((r) => r.body().error.code === 'QUEUE_FULL'))
    assert.match(full[0].body().error.message, /Мест нет/)
    const status = await client
      .get(`/api/queue/join-status?token=${token}`)
      .header('host', hostOf(tenant))
    assert.equal(status.body().state, 'full')
  })

  test('forged, foreign and incomplete joins are refused clearly', async ({ client, assert }) => {
    setLocalTime('2026-03-02T07:30:00')
    const tenant = await createTestTenant('que')
    const other = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    await setupRegistry(other)
    const token = await dayToken(await staffApi(client, tenant), doctors.therapy.id)

    const forged = await joinQueue(client, tenant, {
      token: token.slice(0, -4) + 'AAAA',
      phone: '901000060',
    })
    forged.assertStatus(404)
    assert.equal(forged.body().error.code, 'TOKEN_INVALID')
    const foreign = await joinQueue(client, other, { token, phone: '901000060' })
    foreign.assertStatus(404)
    assert.equal(foreign.body().error.code, 'TOKEN_INVALID')

    const nobody = await joinQueue(client, tenant, { token })
    nobody.assertStatus(422)
    assert.sameMembers(
      nobody.body().errors.map((e: any) => e.field),
      ['phone', 'telegram_id']
    )
    const badPhone = await joinQueue(client, tenant, { token, phone: '123' })
    badPhone.assertStatus(422)
    assert.equal(badPhone.body().errors[0].field, 'phone')
    await inTenant(tenant, async () => assert.lengthOf(await QueueEntry.all(), 0))
  })

  test('QUE-R16: one phone hammering the join is rate-limited with Retry-After', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:30:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const token = await dayToken(await staffApi(client, tenant), doctors.therapy.id)
    let limited
    for (let i = 0; i < 25 && !limited; i++) {
      const response = await joinQueue(client, tenant, { token, phone: '901000070' })
      if (response.status() === 429) limited = response
    }
    assert.exists(limited, 'the 21st join of one phone is refused')
    assert.equal(limited!.body().error.code, 'RATE_LIMITED')
    assert.isString(limited!.header('retry-after'))
    ;(await joinQueue(client, tenant, { token, phone: '901000071' })).assertStatus(200)
  })

  test('GET /api/queue/today lists the specialist queue for staff who call patients; calling publishes queue.called', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:30:00')
    const tenant = await createTestTenant('que')
    const { doctors } = await setupRegistry(tenant)
    const registrar = await staffApi(client, tenant)
    const token = await dayToken(registrar, doctors.cardiology.id)
    await joinQueue(client, tenant, { token, phone: '901000080', name: 'Салим' })
    await registrar.post('/api/registry/rows', {
      patient: { fio: 'Эхо Пациент', birth_year: 1960 },
      doctor_id: doctors.cardiology.id,
      echo: true,
    })
    /* The cardiologist's own account: a doctor works their own queue (issue 22). */
    await inTenant(tenant, () =>
      User.query().where('login', 'doctor').update({ doctor_id: doctors.cardiology.id })
    )
    const doctor = await staffApi(client, tenant, 'doctor')
    const today = await doctor.get(`/api/queue/today?specialist_id=${doctors.cardiology.id}`)
    today.assertStatus(200)
    assert.deepEqual(
      today.body().entries.map((e: any) => [e.number, e.source, e.echo, e.patient_name]),
      [
        [1, 'desk', true, 'Эхо Пациент'],
        [8, 'online', false, 'Салим'],
      ]
    )
    const events: RegistryEvent[] = []
    const listener = (event: RegistryEvent) => events.push(event)
    emitter.on('registry:event', listener)
    const called = await doctor.post(`/api/queue/call/${today.body().entries[1].id}`)
    emitter.clearListener('registry:event', listener)
    called.assertStatus(200)
    assert.equal(called.body().status, 'called')
    assert.deepEqual(
      events.map((e) => [e.event, e.number]),
      [['queue.called', 8]]
    )
    ;(
      await (
        await staffApi(client, tenant, 'lab')
      ).get(`/api/queue/today?specialist_id=${doctors.cardiology.id}`)
    ).assertStatus(403)
  })
})
