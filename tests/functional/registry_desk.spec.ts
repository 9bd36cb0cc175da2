import { test } from '@japa/runner'
import AuditLog from '#models/audit_log'
import Patient from '#models/patient'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { rollVisitDays } from '#services/registry/day_rollover'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'

const newPatient = (fio: string, phone?: string, birthYear = 1985) => ({
  fio,
  birth_year: birthYear,
  ...(phone ? { phone } : {}),
})

test.group('Registry desk: rows, validation, duplicates', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('REG-T1: a desk row creates the patient and a queued visit with the next number, audited', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('reg')
    const { doctors, services } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)

    const first = await api.post('/api/registry/rows', {
      patient: {
        ...newPatient('Каримова Дилноза Алишеровна', '90 123 45 67'),
        address: 'Чиланзар 5',
      },
      doctor_id: doctors.therapy.id,
      services: [{ id: services.therapy.id }],
      payment_type: 'cash',
    })
    first.assertStatus(201)
    assert.equal(first.body().number, 1)
    assert.equal(first.body().row.status, 'queued')
    assert.equal(first.body().row.patient_name, 'Каримова Дилноза Алишеровна')
    assert.equal(first.body().row.phone, '+998901234567')
    assert.equal(first.body().row.total, 150_000_00)

    const second = await api.post('/api/registry/rows', {
      patient: newPatient("O'tkir Xo'jayev", '+998 93 555 11 22'),
      doctor_id: doctors.therapy.id,
    })
    second.assertStatus(201)
    assert.equal(second.body().number, 2)
    assert.equal(second.body().row.total, 100_000_00, 'no services: the doctor base price')

    await inTenant(tenant, async () => {
      const patient = await Patient.findByOrFail('phone', '+998901234567')
      assert.deepEqual(
        [patient.lastName, patient.firstName, patient.middleName],
        ['Каримова', 'Дилноза', 'Алишеровна']
      )
      const events = (await AuditLog.query().orderBy('id')).map((row) => row.event)
      assert.includeMembers(events, ['patient.created', 'visit.created'])
      const visitAudit = await AuditLog.query().where('event', 'visit.created').firstOrFail()
      assert.equal(visitAudit.entityId, String(first.body().visit_id))
      assert.isNotNull(visitAudit.userId)
    })
  })

  test('bad input gets field errors in the user language and writes nothing', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('reg')
    const { doctors, services } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const post = (body: Record<string, unknown>) =>
      api.post('/api/registry/rows', body).header('accept-language', 'ru')

    const badPhone = await post({
      patient: newPatient('Иванов Иван', '12345'),
      doctor_id: doctors.therapy.id,
    })
    badPhone.assertStatus(422)
    assert.equal(badPhone.body().errors[0].field, 'patient.phone')
    assert.match(badPhone.body().errors[0].message, /телефон/i)

    for (const year of [1899, 2027]) {
      const response = await post({
        patient: newPatient('Иванов Иван', undefined, year),
        doctor_id: doctors.therapy.id,
      })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'patient.birth_year')
      assert.include(response.body().errors[0].message, '2026')
    }

    const unknownDoctor = await post({ patient: newPatient('Иванов Иван'), doctor_id: 99999 })
    unknownDoctor.assertStatus(422)
    assert.equal(unknownDoctor.body().errors[0].field, 'doctor_id')

    const retired = await post({
      patient: newPatient('Иванов Иван'),
      doctor_id: doctors.therapy.id,
      services: [{ id: services.therapy.id }, { id: services.retired.id }],
    })
    retired.assertStatus(422)
    assert.equal(retired.body().errors[0].field, 'services.1.id')

    const past = await post({
      patient: newPatient('Иванов Иван'),
      doctor_id: doctors.therapy.id,
      date: '2026-03-01',
    })
    past.assertStatus(422)
    assert.equal(past.body().errors[0].field, 'date')

    const noName = await post({ patient: newPatient('Иванов'), doctor_id: doctors.therapy.id })
    noName.assertStatus(422)
    assert.equal(noName.body().errors[0].field, 'patient.fio')

    await inTenant(tenant, async () => {
      assert.lengthOf(await Patient.all(), 0)
      assert.lengthOf(await Visit.all(), 0)
    })

    const baby = await post({
      patient: newPatient('Иванова Малика', undefined, 2026),
      doctor_id: doctors.therapy.id,
    })
    baby.assertStatus(201)
  })

  test('a taken phone answers 409 PATIENT_EXISTS, also for two registrars at once', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('reg')
    await setupRegistry(tenant)
    const one = await staffApi(client, tenant, 'registrar')
    const two = await staffApi(client, tenant, 'registrar2')

    const [a, b] = await Promise.all([
      one.post('/api/patients', newPatient('Алиев Рустам', '901112233')),
      two.post('/api/patients', newPatient('Алиев Рустам', '+998901112233')),
    ])
    const statuses = [a.status(), b.status()].sort()
    assert.deepEqual(statuses, [201, 409])
    const refused = a.status() === 409 ? a : b
    assert.equal(refused.body().error.code, 'PATIENT_EXISTS')
    assert.isNumber(refused.body().error.patient_id)
    await inTenant(tenant, async () => assert.lengthOf(await Patient.all(), 1))
  })

  test('REG-E1: a second visit to the same doctor today is refused; a canceled one returns with its number', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('reg')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const created = await api.post('/api/registry/rows', {
      patient: newPatient('Юсупов Шерзод', '901234500'),
      doctor_id: doctors.therapy.id,
    })
    const patientId = created.body().row.patient_id

    const again = await api.post('/api/registry/rows', {
      patient_id: patientId,
      doctor_id: doctors.therapy.id,
    })
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'VISIT_EXISTS')
    assert.equal(again.body().error.number, 1)
    assert.isFalse(again.body().error.can_return)

    const other = await api.post('/api/registry/rows', {
      patient_id: patientId,
      doctor_id: doctors.ecg.id,
    })
    other.assertStatus(201)
    assert.equal(other.body().number, 1, 'ECG is its own queue')

    const visitId = created.body().visit_id
    ;(await api.patch(`/api/visits/${visitId}/status`, { status: 'canceled' })).assertStatus(200)
    const canceled = await api.post('/api/registry/rows', {
      patient_id: patientId,
      doctor_id: doctors.therapy.id,
    })
    assert.isTrue(canceled.body().error.can_return)
    const back = await api.patch(`/api/visits/${visitId}/status`, { status: 'queued' })
    back.assertStatus(200)
    assert.equal(back.body().visit.number, 1)
    assert.equal(back.body().visit.status, 'queued')
  })

  test('decision 2: status moves follow the lifecycle; illegal ones answer 409', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('reg')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const created = await api.post('/api/registry/rows', {
      patient: newPatient('Назарова Гули'),
      doctor_id: doctors.therapy.id,
    })
    const url = `/api/visits/${created.body().visit_id}/status`

    const skip = await api.patch(url, { status: 'done' })
    skip.assertStatus(409)
    assert.equal(skip.body().error.code, 'ILLEGAL_TRANSITION')
    ;(await api.patch(url, { status: 'in_progress' })).assertStatus(200)
    /* PAY-R8: a paid visit closes once paid (tests/functional/payments_visit_close.spec.ts). */
    const admin = await staffApi(client, tenant, 'admin')
    ;(await admin.post('/api/payments/cash', { visit_id: created.body().visit_id })).assertStatus(
      201
    )
    ;(await api.patch(url, { status: 'done' })).assertStatus(200)
    const reopen = await api.patch(url, { status: 'queued' })
    reopen.assertStatus(409)
    ;(await api.patch(url, { status: 'flying' })).assertStatus(422)
  })

  test('REG-T11: doctors and lab technicians get 403 on the registry; registrars and admins get in', async ({
    client,
  }) => {
    const tenant = await createTestTenant('reg')
    await setupRegistry(tenant)
    for (const login of ['doctor', 'lab']) {
      const api = await staffApi(client, tenant, login)
      ;(await api.get('/api/registry')).assertStatus(403)
      ;(await api.post('/api/registry/rows', {})).assertStatus(403)
      ;(await api.get('/api/patients?q=a')).assertStatus(403)
    }
    for (const login of ['registrar', 'admin']) {
      const api = await staffApi(client, tenant, login)
      ;(await api.get('/api/registry')).assertStatus(200)
    }
  })

  test('autocomplete finds a patient by phone digits and by name with birth year (REG-R3, REG-E2)', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('reg')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    await api.post('/api/registry/rows', {
      patient: newPatient('Каримов Алишер', '901230001', 1985),
      doctor_id: doctors.therapy.id,
    })
    await api.post('/api/registry/rows', {
      patient: newPatient('Каримов Бахтиёр', undefined, 1990),
      doctor_id: doctors.therapy.id,
    })

    const byPhone = await api.get('/api/patients?phone=230001')
    assert.deepEqual(
      byPhone.body().data.map((p: any) => p.full_name),
      ['Каримов Алишер']
    )
    assert.equal(byPhone.body().data[0].visits_today[0].number, 1)

    const byNameYear = await api.get(`/api/patients?q=${encodeURIComponent('каримов 1990')}`)
    assert.deepEqual(
      byNameYear.body().data.map((p: any) => p.full_name),
      ['Каримов Бахтиёр']
    )
  })
})

test.group('Registry: planned visits (APT)', (group) => {
  group.each.setup(() => () => clock.reset())

  test('a later day is planned without a number; confirm on the day gives a number from the start number (APT-T2, APT-T3)', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T10:00:00')
    const tenant = await createTestTenant('apt')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)

    const planned = await api.post('/api/visits', {
      patient_id: (await api.post('/api/patients', newPatient('Ким Ольга', '901110001'))).body().id,
      doctor_id: doctors.dermatology.id,
      date: '2026-03-04',
      type: 'paid',
      payment_type: 'online',
    })
    planned.assertStatus(201)
    assert.equal(planned.body().status, 'planned')
    assert.isNull(planned.body().number)

    const early = await api.post(`/api/appointments/${planned.body().id}/confirm`)
    assert.equal(early.body().visit.status, 'confirmed')

    const moved = await api.post(`/api/appointments/${planned.body().id}/reschedule`, {
      date: '2026-03-03',
    })
    assert.equal(moved.body().visit.status, 'planned')
    assert.equal(moved.body().visit.date, '2026-03-03')
    const past = await api.post(`/api/appointments/${planned.body().id}/reschedule`, {
      date: '2026-03-01',
    })
    past.assertStatus(422)

    setLocalTime('2026-03-03T08:10:00')
    const sameDay = await api.post(`/api/appointments/${planned.body().id}/confirm`)
    assert.equal(sameDay.body().visit.status, 'queued')
    assert.equal(sameDay.body().visit.number, 15, 'dermatology online numbers start at 15')

    const calendar = await api.get('/api/calendar?from=2026-03-01&to=2026-03-07')
    assert.deepEqual(
      calendar.body().visits.map((v: any) => [v.date, v.status, v.number]),
      [['2026-03-03', 'queued', 15]]
    )
  })

  test('a missed visit moved to another day leaves its ticket there and gets a new number on its new day', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T09:00:00')
    const tenant = await createTestTenant('apt')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const row = await api.post('/api/registry/rows', {
      patient: newPatient('Пропавший Алишер'),
      doctor_id: doctors.therapy.id,
    })
    assert.equal(row.body().number, 1)
    const visitId = row.body().visit_id
    await api
      .patch(`/api/visits/${visitId}/status`, { status: 'no_show' })
      .then((r) => r.assertStatus(200))

    const moved = await api.post(`/api/appointments/${visitId}/reschedule`, { date: '2026-03-03' })
    moved.assertStatus(200)
    assert.equal(moved.body().visit.status, 'planned')

    /* Today keeps the canceled number 1 without the visit; tomorrow lists the visit. */
    const today = await api.get('/api/registry?date=2026-03-02')
    assert.deepEqual(
      today.body().data.map((r: any) => [r.number, r.visit_id, r.entry_status]),
      [[1, null, 'canceled']]
    )
    const tomorrow = await api.get('/api/registry?date=2026-03-03')
    assert.deepEqual(
      tomorrow.body().data.map((r: any) => [r.visit_id, r.status, r.number]),
      [[visitId, 'planned', null]]
    )

    setLocalTime('2026-03-03T08:10:00')
    const confirmed = await api.post(`/api/appointments/${visitId}/confirm`)
    assert.equal(confirmed.body().visit.status, 'queued')
    const onTheDay = await api.get('/api/registry?date=2026-03-03')
    assert.deepEqual(
      onTheDay.body().data.map((r: any) => [r.visit_id, r.status, r.number, r.entry_status]),
      [[visitId, 'queued', confirmed.body().visit.number, 'waiting']]
    )
    const dayBefore = await api.get('/api/registry?date=2026-03-02')
    assert.deepEqual(
      dayBefore.body().data.map((r: any) => [r.number, r.visit_id, r.entry_status]),
      [[1, null, 'canceled']]
    )
  })

  test('cancel changes the status and frees nothing; the end of the day marks unconfirmed visits no_show', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T10:00:00')
    const tenant = await createTestTenant('apt')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const patientId = (await api.post('/api/patients', newPatient('Петров Пётр'))).body().id
    const tomorrow = await api.post('/api/visits', {
      patient_id: patientId,
      doctor_id: doctors.therapy.id,
      date: '2026-03-03',
    })
    const other = await api.post('/api/visits', {
      patient_id: patientId,
      doctor_id: doctors.cardiology.id,
      date: '2026-03-03',
    })
    const confirmed = await api.post('/api/visits', {
      patient_id: patientId,
      doctor_id: doctors.dentistry.id,
      date: '2026-03-04',
    })
    await api.post(`/api/appointments/${confirmed.body().id}/confirm`)

    const canceled = await api.post(`/api/appointments/${other.body().id}/cancel`)
    assert.equal(canceled.body().visit.status, 'canceled')

    setLocalTime('2026-03-04T07:30:00')
    const summary = await inTenant(tenant, () => rollVisitDays())
    assert.deepEqual(summary, { noShow: 1, canceled: 0, queued: 1 })
    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(tomorrow.body().id)).status, 'no_show')
      assert.equal((await Visit.findOrFail(other.body().id)).status, 'canceled')
    })
    const today = await api.get(`/api/registry?date=2026-03-04&doctor_id=${doctors.dentistry.id}`)
    assert.deepEqual(
      today.body().data.map((r: any) => [r.number, r.status, r.source]),
      [[3, 'queued', 'booking']]
    )
    assert.deepEqual(await inTenant(tenant, () => rollVisitDays()), {
      noShow: 0,
      canceled: 0,
      queued: 0,
    })
  })
})

test.group('Registry: specialty rules and the table', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T09:00:00')
    return () => clock.reset()
  })

  test('REG-T7: an EchoCG mark lists the cardiology patient in the EchoCG tab with the same number; ECG is its own queue', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('spec')
    const { doctors, services } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    await api.post('/api/registry/rows', {
      patient: newPatient('Первый Кардио'),
      doctor_id: doctors.cardiology.id,
    })
    const echo = await api.post('/api/registry/rows', {
      patient: newPatient('Второй Эхо'),
      doctor_id: doctors.cardiology.id,
      services: [{ id: services.cardiology.id }],
      echo: true,
    })
    assert.equal(echo.body().number, 2)
    assert.equal(echo.body().row.total, 550_000_00)
    assert.sameMembers(
      echo.body().row.services.map((s: any) => s.category),
      ['cardiology', 'echo']
    )
    const ecg = await api.post('/api/registry/rows', {
      patient: newPatient('Третий Экг'),
      doctor_id: doctors.ecg.id,
    })
    assert.equal(ecg.body().number, 1)

    const cardiology = await api.get('/api/registry?tab=cardiology')
    assert.deepEqual(
      cardiology.body().data.map((r: any) => r.number),
      [1, 2]
    )
    const echoTab = await api.get('/api/registry?tab=echo')
    assert.deepEqual(
      echoTab.body().data.map((r: any) => [r.number, r.patient_name]),
      [[2, 'Второй Эхо']]
    )
    const ecgTab = await api.get('/api/registry?tab=ecg')
    assert.deepEqual(
      ecgTab.body().data.map((r: any) => r.number),
      [1]
    )
  })

  test('dermatology rows carry grouped procedures and the cost from the doctor', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('spec')
    const { doctors, services } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const row = await api.post('/api/registry/rows', {
      patient: newPatient('Ким Анна'),
      doctor_id: doctors.dermatology.id,
      services: [{ id: services.cryo.id }, { id: services.peel.id, qty: 2 }],
      doctor_cost: 500_000_00,
    })
    row.assertStatus(201)
    assert.equal(row.body().number, 1, 'desk numbers start at 1 even where online starts at 15')
    assert.equal(row.body().row.doctor_cost, 500_000_00)
    assert.equal(row.body().row.total, 720_000_00)
    assert.deepEqual(
      row.body().row.services.map((s: any) => [s.category, s.qty]),
      [
        ['dermatology', 1],
        ['cosmetology', 2],
      ]
    )
  })

  test('filters by status and payment, paginates, and exports the day as CSV', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('spec')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    for (const name of ['Аа Один', 'Бб Два', 'Вв Три']) {
      await api.post('/api/registry/rows', {
        patient: newPatient(name),
        doctor_id: doctors.therapy.id,
        payment_type: 'cash',
      })
    }
    const first = (await api.get('/api/registry')).body().data[0]
    await api.patch(`/api/visits/${first.visit_id}/status`, { status: 'canceled' })

    const queued = await api.get('/api/registry?status=queued')
    assert.equal(queued.body().meta.total, 2)
    const page = await api.get('/api/registry?per_page=2&page=2')
    assert.deepEqual(page.body().meta, { total: 3, page: 2, per_page: 2, last_page: 2 })
    assert.equal((await api.get('/api/registry?payment=paid')).body().meta.total, 0)
    assert.equal(
      (await api.get(`/api/registry?q=${encodeURIComponent('бб')}`)).body().meta.total,
      1
    )

    const csv = await api.get('/api/registry/export.csv').header('accept-language', 'ru')
    csv.assertStatus(200)
    assert.match(csv.header('content-type') ?? '', /text\/csv/)
    const text = csv.text()
    assert.isTrue(text.startsWith('\uFEFF'))
    assert.include(text, 'ФИО')
    assert.include(text, 'Бб Два')
    assert.include(text, 'Отменён')
  })

  test('exports are closed to doctors', async ({ client }) => {
    const tenant = await createTestTenant('spec')
    await setupRegistry(tenant)
    const api = await staffApi(client, tenant, 'doctor')
    ;(await api.get('/api/registry/export.csv')).assertStatus(403)
  })
})
