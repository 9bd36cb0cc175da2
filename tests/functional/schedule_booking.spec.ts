import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import AuditLog from '#models/audit_log'
import Schedule from '#models/schedule'
import Service from '#models/service'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { rollVisitDays } from '#services/registry/day_rollover'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { putSettings, setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'

/* 2026-03-02 is a Monday. */
const MONDAY = '2026-03-09'
const TUESDAY = '2026-03-03'
const NEXT_MONDAY = '2026-03-16'

/** The therapist works on Mondays 09:00-12:00 with a break 10:00-10:20. */
async function mondaysOnly(tenant: Tenant, doctorId: number) {
  await inTenant(tenant, () =>
    Schedule.create({
      doctorId,
      weekday: 1,
      startTime: '09:00',
      endTime: '12:00',
      breaks: [{ start: '10:00', end: '10:20' }],
    })
  )
}

async function bookingClinic(client: ApiClient) {
  setLocalTime('2026-03-02T10:00:00')
  const tenant = await createTestTenant('book')
  const setup = await setupRegistry(tenant)
  await mondaysOnly(tenant, setup.doctors.therapy.id)
  const api = await staffApi(client, tenant)
  let phone = 0
  const patient = async (fio: string) =>
    (
      await api.post('/api/patients', {
        fio,
        birth_year: 1980,
        phone: `90${String(3000000 + phone++)}`,
      })
    ).body().id as number
  return { tenant, api, patient, ...setup }
}

const visitsOf = (tenant: Tenant, patientId: number) =>
  inTenant(tenant, () => Visit.query().where('patient_id', patientId))

test.group('Booking days from weekly schedules (APT-R2, R8, T4)', (group) => {
  group.each.setup(() => () => clock.reset())

  test('slots follow the weekday hours and breaks; a service with a duration takes its slots', async ({
    client,
    assert,
  }) => {
    const { tenant, api, patient, doctors, services } = await bookingClinic(client)
    const empty = await api.get(
      `/api/appointments/slots?doctor_id=${doctors.therapy.id}&date=${MONDAY}`
    )
    empty.assertStatus(200)
    assert.deepEqual(
      empty.body().slots.map((slot: any) => slot.start),
      ['09:00', '09:20', '09:40', '10:20', '10:40', '11:00', '11:20', '11:40']
    )
    assert.include(empty.body(), { capacity: 8, booked: 0, free: 8, bookable: true, reason: null })

    await inTenant(tenant, () =>
      Service.query().where('id', services.therapy.id).update({ duration: 40 })
    )
    const booked = await api.post('/api/visits', {
      patient_id: await patient('Долгая Консультация'),
      doctor_id: doctors.therapy.id,
      date: MONDAY,
      services: [{ id: services.therapy.id }],
    })
    booked.assertStatus(201)
    assert.equal(booked.body().status, 'planned')

    const after = await api.get(
      `/api/appointments/slots?doctor_id=${doctors.therapy.id}&date=${MONDAY}`
    )
    assert.include(after.body(), { capacity: 8, booked: 2, free: 6 })

    /* The registry's schedule view carries the same occupancy for the day asked. */
    const schedule = await api.get(`/api/schedule?date=${MONDAY}`)
    schedule.assertStatus(200)
    const therapist = schedule.body().find((row: any) => row.doctor.id === doctors.therapy.id)
    assert.include(therapist.occupancy, { capacity: 8, booked: 2, free: 6, bookable: true })
    const dentist = schedule.body().find((row: any) => row.doctor.id === doctors.dentistry.id)
    assert.include(
      dentist.occupancy,
      { capacity: null, bookable: true },
      'no schedule kept: no limit'
    )
  })

  test('APT-T4: a day off or a full day says so in the user language, offers the next day and creates nothing', async ({
    client,
    assert,
  }) => {
    const { tenant, api, patient, doctors } = await bookingClinic(client)
    const first = await patient('Вторник Иван')
    const dayOff = await api
      .post('/api/visits', { patient_id: first, doctor_id: doctors.therapy.id, date: TUESDAY })
      .header('accept-language', 'ru')
    dayOff.assertStatus(409)
    assert.equal(dayOff.body().error.code, 'NO_SLOTS')
    assert.equal(
      dayOff.body().error.message,
      'На этот день свободных мест нет. Выберите другой день.'
    )
    assert.include(dayOff.body().error, { reason: 'day_off', next_day: MONDAY })
    assert.lengthOf(await visitsOf(tenant, first), 0)

    /* An hour per slot: 09:00-10:00 and 10:20-11:20 fit, 11:20-12:20 does not. */
    await putSettings(client, tenant, { 'booking.slot_minutes': 60 })
    for (const fio of ['Первый Пациент', 'Второй Пациент']) {
      const ok = await api.post('/api/visits', {
        patient_id: await patient(fio),
        doctor_id: doctors.therapy.id,
        date: MONDAY,
      })
      ok.assertStatus(201)
    }
    const third = await patient('Третий Пациент')
    const full = await api
      .post('/api/visits', { patient_id: third, doctor_id: doctors.therapy.id, date: MONDAY })
      .header('accept-language', 'uz')
    full.assertStatus(409)
    assert.equal(full.body().error.code, 'NO_SLOTS')
    assert.equal(full.body().error.message, "Bu kunga bo'sh joy yo'q. Boshqa kunni tanlang.")
    assert.include(full.body().error, { reason: 'full', next_day: NEXT_MONDAY })
    assert.lengthOf(await visitsOf(tenant, third), 0)

    const slots = await api.get(
      `/api/appointments/slots?doctor_id=${doctors.therapy.id}&date=${MONDAY}`
    )
    assert.include(slots.body(), {
      capacity: 2,
      booked: 2,
      free: 0,
      bookable: false,
      reason: 'full',
    })

    /* A canceled booking gives its place back. */
    const [taken] = await inTenant(tenant, () =>
      Visit.query().where('doctor_id', doctors.therapy.id).where('date', MONDAY).limit(1)
    )
    ;(await api.post(`/api/appointments/${taken.id}/cancel`)).assertStatus(200)
    ;(
      await api.post('/api/visits', {
        patient_id: third,
        doctor_id: doctors.therapy.id,
        date: MONDAY,
      })
    ).assertStatus(201)
  })

  test('two registrars taking the last slot at once: one gets it, the other is told the day is full', async ({
    client,
    assert,
  }) => {
    const { tenant, patient, doctors } = await bookingClinic(client)
    await putSettings(client, tenant, { 'booking.slot_minutes': 90 }) // one slot: 10:20-11:50
    const one = await staffApi(client, tenant, 'registrar')
    const two = await staffApi(client, tenant, 'registrar2')
    const [a, b] = [await patient('Быстрый Первый'), await patient('Быстрый Второй')]
    const responses = await Promise.all([
      one.post('/api/visits', { patient_id: a, doctor_id: doctors.therapy.id, date: MONDAY }),
      two.post('/api/visits', { patient_id: b, doctor_id: doctors.therapy.id, date: MONDAY }),
    ])
    assert.sameMembers(
      responses.map((r) => r.status()),
      [201, 409]
    )
    const count = await inTenant(tenant, () =>
      Visit.query().where('doctor_id', doctors.therapy.id).where('date', MONDAY)
    )
    assert.lengthOf(count, 1)
  })

  test('APT-R2: booking switched off for a day or until further notice, and on again, audited', async ({
    client,
    assert,
  }) => {
    const { tenant, api, patient, doctors } = await bookingClinic(client)
    const closed = await api.post('/api/schedule/closures', {
      doctor_id: doctors.therapy.id,
      day: MONDAY,
      note: 'Конференция',
    })
    closed.assertStatus(201)
    assert.include(closed.body(), { doctor_id: doctors.therapy.id, day: MONDAY })

    const someone = await patient('Закрытый День')
    const refused = await api
      .post('/api/visits', { patient_id: someone, doctor_id: doctors.therapy.id, date: MONDAY })
      .header('accept-language', 'en')
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'BOOKING_DISABLED')
    assert.equal(
      refused.body().error.message,
      'Booking with this specialist is switched off for this day. Please choose another day.'
    )
    assert.include(refused.body().error, { reason: 'disabled', next_day: NEXT_MONDAY })
    assert.lengthOf(await visitsOf(tenant, someone), 0)

    const slots = await api.get(
      `/api/appointments/slots?doctor_id=${doctors.therapy.id}&date=${MONDAY}`
    )
    assert.include(slots.body(), { bookable: false, reason: 'disabled' })
    assert.deepEqual(
      slots.body().closures.map((c: any) => c.id),
      [closed.body().id]
    )

    ;(await api.delete(`/api/schedule/closures/${closed.body().id}`)).assertStatus(204)
    const booked = await api.post('/api/visits', {
      patient_id: someone,
      doctor_id: doctors.therapy.id,
      date: MONDAY,
    })
    booked.assertStatus(201)

    /* Until further notice: no day takes a booking, a reschedule neither. */
    const everyDay = await api.post('/api/schedule/closures', { doctor_id: doctors.therapy.id })
    everyDay.assertStatus(201)
    const moved = await api.post(`/api/appointments/${booked.body().id}/reschedule`, {
      date: NEXT_MONDAY,
    })
    moved.assertStatus(409)
    assert.include(moved.body().error, { code: 'BOOKING_DISABLED', next_day: null })
    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(booked.body().id)).date, MONDAY, 'the visit stays')
      const events = (await AuditLog.query().where('event', 'like', 'booking.%').orderBy('id')).map(
        (row) => row.event
      )
      assert.deepEqual(events, ['booking.closed', 'booking.reopened', 'booking.closed'])
    })

    /* Closing a past day, or closing as a doctor, is refused. */
    const past = await api.post('/api/schedule/closures', {
      doctor_id: doctors.therapy.id,
      day: '2026-03-01',
    })
    past.assertStatus(422)
    const doctor = await staffApi(client, tenant, 'doctor')
    ;(
      await doctor.post('/api/schedule/closures', { doctor_id: doctors.therapy.id, day: MONDAY })
    ).assertStatus(403)
  })
})

test.group('Auto-cancel of unconfirmed bookings (APT-R7, T5)', (group) => {
  group.each.setup(() => () => clock.reset())

  test("at the cut-off time the day's unconfirmed bookings are canceled; confirmed ones stay", async ({
    client,
    assert,
  }) => {
    const { tenant, api, patient, doctors } = await bookingClinic(client)
    await putSettings(client, tenant, { 'booking.auto_cancel': '09:00' })
    const unconfirmed = await api.post('/api/visits', {
      patient_id: await patient('Не Подтвердил'),
      doctor_id: doctors.dentistry.id,
      date: '2026-03-03',
    })
    const confirmed = await api.post('/api/visits', {
      patient_id: await patient('Подтвердил Заранее'),
      doctor_id: doctors.dentistry.id,
      date: '2026-03-03',
    })
    await api.post(`/api/appointments/${confirmed.body().id}/confirm`)

    setLocalTime('2026-03-03T08:59:59')
    assert.include(await inTenant(tenant, () => rollVisitDays()), { canceled: 0 })
    setLocalTime('2026-03-03T09:00:00')
    assert.include(await inTenant(tenant, () => rollVisitDays()), { canceled: 1 })
    assert.include(await inTenant(tenant, () => rollVisitDays()), { canceled: 0 })

    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(unconfirmed.body().id)).status, 'canceled')
      assert.equal((await Visit.findOrFail(confirmed.body().id)).status, 'queued')
      const row = await AuditLog.query().where('event', 'visit.auto_canceled').firstOrFail()
      assert.equal(row.entityId, String(unconfirmed.body().id))
      assert.deepEqual(row.after, { status: 'canceled', number: null })
    })
  })

  test('set to "reception", unconfirmed bookings are canceled once their specialist opens reception', async ({
    client,
    assert,
  }) => {
    const { tenant, api, patient, doctors } = await bookingClinic(client)
    await putSettings(client, tenant, { 'booking.auto_cancel': 'reception' })
    const dentist = await api.post('/api/visits', {
      patient_id: await patient('Ждёт Стоматолога'),
      doctor_id: doctors.dentistry.id,
      date: '2026-03-03',
    })
    const cardiologist = await api.post('/api/visits', {
      patient_id: await patient('Ждёт Кардиолога'),
      doctor_id: doctors.cardiology.id,
      date: '2026-03-03',
    })

    setLocalTime('2026-03-03T11:00:00')
    assert.include(await inTenant(tenant, () => rollVisitDays()), { canceled: 0 })
    ;(
      await api.post('/api/queue/open', { day: '2026-03-03', specialist_id: doctors.dentistry.id })
    ).assertStatus(200)
    assert.include(await inTenant(tenant, () => rollVisitDays()), { canceled: 1 })
    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(dentist.body().id)).status, 'canceled')
      assert.equal((await Visit.findOrFail(cardiologist.body().id)).status, 'planned')
    })
  })
})
