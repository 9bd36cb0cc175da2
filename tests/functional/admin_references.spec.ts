import { test } from '@japa/runner'
import Service from '#models/service'
import Schedule from '#models/schedule'
import { clock } from '#services/clock'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'
import { setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { pdfText } from '#tests/helpers/pdf_text'

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

test.group('Admin: doctors and their weekly schedule', (group) => {
  group.each.setup(() => () => clock.reset())

  test('CRUD with branch, base price, percent and linked services; bad references are field errors', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('doc')
    const admin = await adminApi(client, tenant)
    const service = (
      await admin.post('/api/admin/services', { title: 'ЭКГ', category: 'ecg', price: 80_000_00 })
    ).body()
    const created = await admin.post('/api/admin/doctors', {
      full_name: 'Исмоилова Нигора',
      specialty: 'cardiology',
      cabinet: '204',
      price_default: 250_000_00,
      payroll_percent: 30,
      service_ids: [service.id],
    })
    created.assertStatus(201)
    assert.containsSubset(created.body(), {
      specialty: 'cardiology',
      cabinet: '204',
      price_default: 250_000_00,
      payroll_percent: 30,
      service_ids: [service.id],
      active: true,
    })
    assert.isNumber(created.body().branch_id, 'the default branch')

    const bad = await admin.post('/api/admin/doctors', {
      full_name: 'X Y',
      specialty: 'therapy',
      cabinet: null,
      branch_id: 999,
      price_default: -5,
      service_ids: [999],
    })
    bad.assertStatus(422)
    assert.includeMembers(
      bad.body().errors.map((e: any) => e.field),
      ['price_default']
    )

    const unknownRefs = await admin.post('/api/admin/doctors', {
      full_name: 'X Y',
      specialty: 'therapy',
      cabinet: null,
      branch_id: 999,
    })
    unknownRefs.assertStatus(422)
    assert.equal(unknownRefs.body().errors[0].field, 'branch_id')

    const updated = await admin.put(`/api/admin/doctors/${created.body().id}`, {
      cabinet: '205',
      service_ids: [],
    })
    updated.assertStatus(200)
    assert.containsSubset(updated.body(), { cabinet: '205', service_ids: [] })

    const list = await admin.get('/api/admin/doctors?specialty=cardiology')
    assert.deepEqual(
      list.body().map((d: any) => d.cabinet),
      ['205']
    )

    ;(await admin.delete(`/api/admin/doctors/${created.body().id}`)).assertStatus(204)
    ;(await admin.get(`/api/admin/doctors/${created.body().id}`)).assertStatus(404)
  })

  test('a doctor with visits is deactivated, not deleted', async ({ client, assert }) => {
    setLocalTime('2026-03-02T09:00:00')
    const tenant = await createTestTenant('doc')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    ;(
      await desk.post('/api/registry/rows', {
        patient: { fio: 'Каримова Дилноза', birth_year: 1990, phone: '901234567' },
        doctor_id: doctors.therapy.id,
      })
    ).assertStatus(201)
    const admin = await adminApi(client, tenant)
    const removed = await admin.delete(`/api/admin/doctors/${doctors.therapy.id}`)
    removed.assertStatus(200)
    assert.isFalse(removed.body().active)
  })

  test('the photo is stored in the tenant files and served back', async ({ client, assert }) => {
    const tenant = await createTestTenant('doc')
    const admin = await adminApi(client, tenant)
    const doctor = (
      await admin.post('/api/admin/doctors', {
        full_name: 'Ким Елена',
        specialty: 'dermatology',
        cabinet: '301',
      })
    ).body()
    const upload = await client
      .post(`/api/admin/doctors/${doctor.id}/photo`)
      .header('host', admin.host)
      .bearerToken(admin.token)
      .file('photo', PNG, { filename: 'elena.png', contentType: 'image/png' })
    upload.assertStatus(200)
    assert.isTrue(upload.body().has_photo)
    const photo = await admin.get(`/api/admin/doctors/${doctor.id}/photo`)
    photo.assertStatus(200)
    assert.equal(photo.header('content-type'), 'image/png')

    const notImage = await client
      .post(`/api/admin/doctors/${doctor.id}/photo`)
      .header('host', admin.host)
      .header('accept-language', 'en')
      .bearerToken(admin.token)
      .file('photo', Buffer.from('hello'), { filename: 'notes.txt', contentType: 'text/plain' })
    notImage.assertStatus(422)
    assert.equal(notImage.body().errors[0].field, 'photo')
  })

  test('ADM-T2: a week set in Admin (with breaks) is what the registry reads at /api/schedule', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('sch')
    const { doctors } = await setupRegistry(tenant)
    const admin = await adminApi(client, tenant)
    const week = [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      start: '08:00',
      end: '17:00',
      breaks: [{ start: '13:00', end: '14:00' }],
    }))
    const saved = await admin.put(`/api/admin/doctors/${doctors.therapy.id}/schedule`, {
      days: [...week, { weekday: 6, start: '09:00', end: '13:00' }],
    })
    saved.assertStatus(200)
    assert.lengthOf(saved.body().days, 6)

    const registrar = await staffApi(client, tenant)
    const seen = await registrar.get(`/api/schedule?doctor_id=${doctors.therapy.id}`)
    seen.assertStatus(200)
    assert.equal(seen.body()[0].doctor.id, doctors.therapy.id)
    assert.deepEqual(seen.body()[0].days[0], {
      weekday: 1,
      start: '08:00',
      end: '17:00',
      breaks: [{ start: '13:00', end: '14:00' }],
    })
    assert.deepEqual(seen.body()[0].days[5], {
      weekday: 6,
      start: '09:00',
      end: '13:00',
      breaks: [],
    })
    ;(await (await staffApi(client, tenant, 'lab')).get('/api/schedule')).assertStatus(403)
  })

  test('breaks outside working hours, overlapping breaks and end before start are refused; the old week stays', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('sch')
    const { doctors } = await setupRegistry(tenant)
    const admin = await adminApi(client, tenant)
    const url = `/api/admin/doctors/${doctors.dentistry.id}/schedule`
    ;(await admin.put(url, { days: [{ weekday: 1, start: '09:00', end: '15:00' }] })).assertStatus(
      200
    )

    const bad = await admin.put(url, {
      days: [
        { weekday: 1, start: '09:00', end: '15:00', breaks: [{ start: '08:00', end: '08:30' }] },
        {
          weekday: 2,
          start: '09:00',
          end: '15:00',
          breaks: [
            { start: '12:00', end: '13:00' },
            { start: '12:30', end: '13:30' },
          ],
        },
        { weekday: 3, start: '18:00', end: '09:00' },
        { weekday: 3, start: '09:00', end: '10:00' },
      ],
    })
    bad.assertStatus(422)
    const byField = Object.fromEntries(bad.body().errors.map((e: any) => [e.field, e.message]))
    assert.equal(byField['days.0.breaks.0.start'], 'A break must be inside the working hours.')
    assert.equal(byField['days.1.breaks.1.start'], 'The breaks overlap.')
    assert.equal(byField['days.2.end'], 'The end must be later than the start.')
    assert.isDefined(byField['days.3.weekday'], 'a weekday twice')

    const kept = await inTenant(tenant, () =>
      Schedule.query().where('doctor_id', doctors.dentistry.id)
    )
    assert.deepEqual(
      kept.map((row) => [row.weekday, row.startTime, row.endTime]),
      [[1, '09:00', '15:00']]
    )
  })

  test('the week exports to a PDF in the reader language', async ({ client, assert }) => {
    const tenant = await createTestTenant('sch')
    const { doctors } = await setupRegistry(tenant)
    const admin = await adminApi(client, tenant, 'admin', undefined, 'ru')
    await admin.put(`/api/admin/doctors/${doctors.therapy.id}/schedule`, {
      days: [
        { weekday: 1, start: '08:00', end: '17:00', breaks: [{ start: '13:00', end: '14:00' }] },
      ],
    })
    const pdf = await admin.get(`/api/admin/doctors/${doctors.therapy.id}/schedule.pdf`)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    const { text } = pdfText(Buffer.from(pdf.body()))
    assert.include(text, 'Расписание приёма: Рахимов Азиз')
    assert.include(text, 'Понедельник')
    assert.include(text, '08:00–17:00')
    assert.include(text, '13:00–14:00')
    assert.include(text, 'Выходной')
  }).timeout(30_000)
})

test.group('Admin: services and the registry', (group) => {
  group.each.setup(() => () => clock.reset())

  test('ADM-T3/T4/T5: a new service is offered, its new price is charged, a disabled one is gone', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T09:00:00')
    const tenant = await createTestTenant('svc')
    const { doctors } = await setupRegistry(tenant)
    const admin = await adminApi(client, tenant)
    const desk = await staffApi(client, tenant)
    const created = await admin.post('/api/admin/services', {
      title: 'УЗИ щитовидной железы',
      code: 'US-01',
      category: 'procedure',
      price: 120_000_00,
    })
    created.assertStatus(201)
    const patient = (
      await desk.post('/api/patients', { fio: 'Алиев Тимур', birth_year: 1985, phone: '901112233' })
    ).body()
    const visit = (price: number) =>
      desk.post('/api/visits', {
        patient_id: patient.id,
        doctor_id: doctors.therapy.id,
        date: '2026-03-0' + price,
        services: [{ id: created.body().id }],
      })
    const first = await visit(3)
    first.assertStatus(201)
    assert.equal(first.body().total, 120_000_00)

    ;(
      await admin.put(`/api/admin/services/${created.body().id}`, { price: 135_000_00 })
    ).assertStatus(200)
    const second = await visit(4)
    second.assertStatus(201)
    assert.equal(second.body().total, 135_000_00, 'the new price reaches the registry')

    ;(await admin.put(`/api/admin/services/${created.body().id}`, { active: false })).assertStatus(
      200
    )
    const third = await visit(5)
    third.assertStatus(422)
    assert.equal(third.body().errors[0].field, 'services.0.id')
    const active = await admin.get('/api/admin/services?active=true')
    assert.notInclude(
      active.body().map((s: any) => s.code),
      'US-01'
    )
  })

  test('negative prices, duplicate codes and unknown branches are refused; branch prices are kept', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('svc')
    const admin = await adminApi(client, tenant)
    const negative = await admin.post('/api/admin/services', {
      title: 'Приём',
      category: 'therapy',
      price: -100,
    })
    negative.assertStatus(422)
    assert.equal(negative.body().errors[0].field, 'price')

    const branches = (await admin.get('/api/admin/branches')).body()
    const service = await admin.post('/api/admin/services', {
      title: 'Приём терапевта',
      code: 'TH-1',
      category: 'therapy',
      price: 100_000_00,
      branch_prices: [{ branch_id: branches[0].id, price: 90_000_00 }],
    })
    service.assertStatus(201)
    assert.deepEqual(service.body().branch_prices, [
      { branch_id: branches[0].id, price: 90_000_00 },
    ])
    const duplicate = await admin.post('/api/admin/services', {
      title: 'Другой',
      code: 'th-1',
      category: 'therapy',
      price: 1,
    })
    duplicate.assertStatus(409)
    assert.equal(duplicate.body().error.message, 'The service code "th-1" is already taken.')
    const badBranch = await admin.put(`/api/admin/services/${service.body().id}`, {
      branch_prices: [{ branch_id: 999, price: 1 }],
    })
    badBranch.assertStatus(422)
    assert.equal(badBranch.body().errors[0].field, 'branch_prices.0.branch_id')
  })

  test('CSV: export, edit, preview with per-row errors, nothing written until confirmed, then the good rows', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('csv')
    await setupRegistry(tenant)
    const admin = await adminApi(client, tenant)
    const exported = await admin.get('/api/admin/services/export.csv')
    exported.assertStatus(200)
    const csv = exported.text()
    assert.isTrue(csv.startsWith('\uFEFFcode;title;category;price;active;duration'))
    assert.include(csv, 'THER-01;Консультация терапевта;therapy;150000.00;1;')
    assert.include(csv, 'OLD-01;Старая услуга;therapy;1000.00;0;')

    const edited = csv
      .replace(
        'THER-01;Консультация терапевта;therapy;150000.00',
        'THER-01;Консультация терапевта;therapy;160 000,50'
      )
      .concat('NEW-01;Массаж спины;procedure;90000;1;30\r\n')
      .concat('BAD-01;Ж;procedure;-5;maybe;\r\n')
      .concat('NEW-01;Дубль;procedure;1;1;\r\n')

    const count = () => inTenant(tenant, async () => (await Service.all()).length)
    const before = await count()
    const preview = await admin.post('/api/admin/services/import', { csv: edited })
    preview.assertStatus(200)
    assert.isNull(preview.body().imported)
    const invalid = preview.body().rows.filter((row: any) => row.errors.length)
    assert.deepEqual(
      invalid.map((row: any) => row.code),
      ['BAD-01', 'NEW-01']
    )
    const bad = invalid[0]
    assert.sameMembers(
      bad.errors.map((e: any) => e.field),
      ['title', 'price', 'active']
    )
    assert.include(
      bad.errors.map((e: any) => e.message),
      'The price cannot be negative'
    )
    assert.equal(invalid[1].errors[0].message, 'The code repeats in the file')
    assert.equal(
      preview.body().rows.find((r: any) => r.code === 'NEW-01' && !r.errors.length).action,
      'create'
    )
    /* The preview shows what an update will change: the old and the new price (issue 22 item 9). */
    const therapy = preview.body().rows.find((r: any) => r.code === 'THER-01')
    assert.include(therapy, { action: 'update', price: 160_000_50 })
    assert.equal(therapy.previous.price, 150_000_00)
    assert.deepEqual(therapy.changes, ['price'])
    const untouched = preview.body().rows.find((r: any) => r.code === 'CARD-01')
    assert.include(untouched, { action: 'update' })
    assert.deepEqual(untouched.changes, [])
    assert.equal(await count(), before, 'a preview writes nothing')

    const imported = await admin.post('/api/admin/services/import', { csv: edited, confirm: true })
    imported.assertStatus(200)
    assert.deepEqual(imported.body().imported, { created: 1, updated: 7 })
    await inTenant(tenant, async () => {
      assert.equal((await Service.findByOrFail('code', 'THER-01')).price, 160_000_50)
      const massage = await Service.findByOrFail('code', 'NEW-01')
      assert.containsSubset(massage.serialize(), {
        title: 'Массаж спины',
        price: 90_000_00,
        duration: 30,
      })
      assert.isNull(await Service.findBy('code', 'BAD-01'))
      assert.isFalse(
        (await Service.findByOrFail('code', 'OLD-01')).active,
        'inactive stays inactive'
      )
    })

    const roundTrip = await admin.get('/api/admin/services/export.csv')
    assert.include(roundTrip.text(), 'THER-01;Консультация терапевта;therapy;160000.50;1;')
    assert.include(roundTrip.text(), 'NEW-01;Массаж спины;procedure;90000.00;1;30')

    const ru = await adminApi(client, tenant, 'admin', undefined, 'ru')
    const broken = await ru.post('/api/admin/services/import', { csv: 'name;cost\nx;1\n' })
    assert.match(broken.body().fileError, /Нет столбцов: title, category, price/)
  })
})
