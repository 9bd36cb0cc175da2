import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import AuditLog from '#models/audit_log'
import DailyQueue from '#models/daily_queue'
import Patient from '#models/patient'
import Payment from '#models/payment'
import QueueEntry from '#models/queue_entry'
import Role from '#models/role'
import User from '#models/user'
import Visit from '#models/visit'
import VisitService from '#models/visit_service'
import { clock } from '#services/clock'
import { SYSTEM_ROLES } from '#services/permission_catalog'
import type { RegistryEvent } from '#services/registry/registry_events'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { joinQueue, setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { paymentClinic } from '#tests/helpers/payments'
import { boardState, connectBoard, createBoard } from '#tests/helpers/boards'

/** Issue 22 item 12: a saved patient or visit can be corrected, two cards of one person merged. */

type Api = Awaited<ReturnType<typeof staffApi>>

async function deskRow(
  api: Api,
  doctorId: number,
  fio = 'Каримова Дилноза',
  phone?: string,
  services: number[] = []
) {
  const row = await api.post('/api/registry/rows', {
    patient: { fio, birth_year: 1985, ...(phone ? { phone } : {}) },
    doctor_id: doctorId,
    services: services.map((id) => ({ id })),
  })
  row.assertStatus(201)
  return row.body() as {
    visit_id: number
    entry_id: number | null
    number: number | null
    ticket: string | null
    row: { patient_id: number; total: number }
  }
}

/** The registry events published while `work` runs. */
async function eventsDuring(work: () => Promise<unknown>) {
  const seen: RegistryEvent[] = []
  const listener = (event: RegistryEvent) => {
    seen.push(event)
  }
  emitter.on('registry:event', listener)
  try {
    await work()
  } finally {
    emitter.clearListener('registry:event', listener)
  }
  return seen
}

test.group('Registry corrections: patients', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('a card is corrected: name, phone (normalized), birth year; audited before/after, the ticket and row follow', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const saved = await deskRow(api, doctors.therapy.id, 'Каримва Дилноза', '901234567')
    const patientId = saved.row.patient_id

    let response: any
    const events = await eventsDuring(async () => {
      response = await api.patch(`/api/patients/${patientId}`, {
        fio: 'Каримова Дилноза Алишеровна',
        phone: '93 555 11 22',
        birth_year: 1986,
        address: 'Чиланзар 5',
      })
    })
    response.assertStatus(200)
    assert.equal(response.body().full_name, 'Каримова Дилноза Алишеровна')
    assert.equal(response.body().phone, '+998935551122')
    assert.equal(response.body().birth_year, 1986)
    assert.isTrue(
      events.some((e) => e.event === 'patient.updated' && e.visit_id === saved.visit_id),
      "today's row of the patient refreshes"
    )

    const rows = await api.get('/api/registry')
    const row = rows.body().data.find((r: any) => r.visit_id === saved.visit_id)
    assert.equal(row.patient_name, 'Каримова Дилноза Алишеровна')
    assert.equal(row.phone, '+998935551122')
    assert.equal(row.number, saved.number, 'the number is kept: nothing was re-registered')

    await inTenant(tenant, async () => {
      const entry = await QueueEntry.findOrFail(saved.entry_id!)
      assert.equal(entry.patientName, 'Каримова Дилноза Алишеровна')
      assert.equal(entry.phone, '+998935551122')
      const log = await AuditLog.query().where('event', 'patient.updated').firstOrFail()
      assert.equal(log.entityId, String(patientId))
      assert.isNotNull(log.userId)
      assert.deepEqual(log.before, {
        middle_name: null,
        last_name: 'Каримва',
        birth_year: 1985,
        phone: '+998901234567',
        address: null,
      })
      assert.deepEqual(log.after, {
        middle_name: 'Алишеровна',
        last_name: 'Каримова',
        birth_year: 1986,
        phone: '+998935551122',
        address: 'Чиланзар 5',
      })
    })

    /* The same values again change nothing and log nothing. */
    ;(await api.patch(`/api/patients/${patientId}`, { phone: '+998 93 555 11 22' })).assertStatus(
      200
    )
    await inTenant(tenant, async () => {
      assert.lengthOf(await AuditLog.query().where('event', 'patient.updated'), 1)
    })

    /* A birth date sets its year; search finds the new name. */
    const dated = await api.patch(`/api/patients/${patientId}`, { birth_date: '1986-05-17' })
    assert.equal(dated.body().birth_year, 1986)
    assert.equal(dated.body().birth_date, '1986-05-17')
    const found = await api.get(`/api/patients?q=${encodeURIComponent('алишеровна')}`)
    assert.deepEqual(
      found.body().data.map((p: any) => p.id),
      [patientId]
    )
  })

  test('refusals: a phone of another card (PATIENT_EXISTS), a bad phone, year or date; nothing is half-written', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const first = await deskRow(api, doctors.therapy.id, 'Иванов Иван', '901110001')
    await deskRow(api, doctors.therapy.id, 'Петров Пётр', '901110002')
    const url = `/api/patients/${first.row.patient_id}`

    const taken = await api
      .patch(url, { fio: 'Иванов Иван Иванович', phone: '+998 90 111 00 02' })
      .header('accept-language', 'ru')
    taken.assertStatus(409)
    assert.equal(taken.body().error.code, 'PATIENT_EXISTS')
    assert.equal(taken.body().error.message, 'Пациент с этим телефоном уже есть: Петров Пётр.')

    const badPhone = await api.patch(url, { phone: '12345' }).header('accept-language', 'uz')
    badPhone.assertStatus(422)
    assert.equal(badPhone.body().errors[0].field, 'phone')

    const badYear = await api.patch(url, { birth_year: 1850 })
    badYear.assertStatus(422)
    assert.equal(badYear.body().errors[0].field, 'birth_year')

    const future = await api.patch(url, { birth_date: '2030-01-01' })
    future.assertStatus(422)
    assert.equal(future.body().errors[0].field, 'birth_date')

    const mismatch = await api
      .patch(url, { birth_date: '1990-01-01', birth_year: 1991 })
      .header('accept-language', 'en')
    mismatch.assertStatus(422)
    assert.equal(mismatch.body().errors[0].message, 'The birth year does not match the birth date.')

    const oneWord = await api.patch(url, { fio: 'Иванов' })
    oneWord.assertStatus(422)
    assert.equal(oneWord.body().errors[0].field, 'fio')

    ;(await api.patch('/api/patients/999999', { fio: 'Кто Угодно' })).assertStatus(404)

    await inTenant(tenant, async () => {
      const patient = await Patient.findOrFail(first.row.patient_id)
      assert.equal(patient.fullName, 'Иванов Иван')
      assert.equal(patient.phone, '+998901110001')
      assert.equal(patient.birthYear, 1985)
      assert.lengthOf(await AuditLog.query().where('event', 'patient.updated'), 0)
    })

    /* The phone may also be cleared; the freed number then fits another card. */
    ;(await api.patch(url, { phone: '' })).assertStatus(200)
    await inTenant(tenant, async () => {
      assert.isNull((await Patient.findOrFail(first.row.patient_id)).phone)
    })
    const second = await api.get('/api/patients?phone=901110002')
    ;(
      await api.patch(`/api/patients/${second.body().data[0].id}`, { phone: '901110001' })
    ).assertStatus(200)

    /* Two registrars giving two cards one new phone at once: one card gets it, the other is told. */
    const third = await deskRow(api, doctors.cardiology.id, 'Сидоров Сидор', '901110003')
    const other = await staffApi(client, tenant, 'registrar2')
    const race = await Promise.all([
      api.patch(url, { phone: '901119999' }),
      other.patch(`/api/patients/${third.row.patient_id}`, { phone: '901119999' }),
    ])
    assert.sameMembers(
      race.map((r) => r.status()),
      [200, 409]
    )
    assert.equal(race.find((r) => r.status() === 409)!.body().error.code, 'PATIENT_EXISTS')

    /* The contract's PUT is the same correction. */
    const put = await api.put(url, { fio: 'Иванов Иван Иванович', address: 'Юнусабад 3' })
    put.assertStatus(200)
    assert.equal(put.body().full_name, 'Иванов Иван Иванович')
    assert.equal(put.body().address, 'Юнусабад 3')
  })
})

test.group('Registry corrections: visits', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('a queued visit moved to another doctor takes a number in that queue with its letter; the old number is never reissued', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const { doctors, services } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const saved = await deskRow(api, doctors.therapy.id, 'Назарова Гули', '901230001', [
      services.therapy.id,
    ])
    assert.equal(saved.ticket, 'T-1')
    await deskRow(api, doctors.cardiology.id, 'Другой Пациент', '901230002')

    let response: any
    const events = await eventsDuring(async () => {
      response = await api.patch(`/api/visits/${saved.visit_id}`, {
        doctor_id: doctors.cardiology.id,
        add_services: [{ id: services.cardiology.id }],
        remove_services: [services.therapy.id],
      })
    })
    response.assertStatus(200)
    const visit = response.body().visit
    assert.equal(visit.doctor_id, doctors.cardiology.id)
    assert.equal(visit.status, 'queued')
    assert.equal(visit.ticket, 'K-2', "the cardiologist's next desk number and letter")
    assert.equal(visit.total, 250_000_00)
    assert.equal(response.body().row.ticket, 'K-2')
    assert.deepEqual(
      events.map((e) => e.event),
      ['queue.entry_status_changed', 'queue.number_assigned', 'visit.updated']
    )
    assert.equal(events[0].specialist_id, doctors.therapy.id, "the old queue's screens hear it")
    assert.equal(events[0].new_status, 'transferred')

    /* T-1 stays taken: the therapist's next desk row is T-2. */
    const next = await deskRow(api, doctors.therapy.id, 'Новый Пациент', '901230003')
    assert.equal(next.ticket, 'T-2')

    /* Back to the therapist: a new number there (its old T-1 gave up the phone with the patient). */
    const back = await api.patch(`/api/visits/${saved.visit_id}`, { doctor_id: doctors.therapy.id })
    back.assertStatus(200)
    assert.equal(back.body().visit.ticket, 'T-3')

    await inTenant(tenant, async () => {
      const old = await QueueEntry.findOrFail(saved.entry_id!)
      assert.equal(old.status, 'transferred')
      assert.isNull(old.visitId)
      const log = await AuditLog.query().where('event', 'visit.updated').firstOrFail()
      assert.equal(log.entityId, String(saved.visit_id))
      assert.equal(log.before!.doctor_id, doctors.therapy.id)
      assert.equal(log.after!.doctor_id, doctors.cardiology.id)
      assert.equal(log.before!.ticket, 'T-1')
      assert.equal(log.after!.ticket, 'K-2')
      assert.equal(log.before!.total, 150_000_00)
      assert.equal(log.after!.total, 250_000_00)
      assert.deepEqual(
        (log.after!.services as any[]).map((s) => s.service_id),
        [services.cardiology.id]
      )
    })
  })

  test('services added and removed recompute the total; a paid line stays (PAID_SERVICE_LOCKED) and nothing is half-written', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const clinic = await paymentClinic(client, tenant)
    const { registrar, cashier, services, visitId } = clinic
    const detail = await cashier.get(`/api/payments/desk/visits/${visitId}`)
    const [consultation] = detail.body().services
    ;(
      await cashier.post('/api/payments/cash', {
        visit_id: visitId,
        service_ids: [consultation.id],
      })
    ).assertStatus(201)

    const refused = await registrar
      .patch(`/api/visits/${visitId}`, {
        add_services: [{ id: services.ecg.id }],
        remove_services: [services.cardiology.id],
      })
      .header('accept-language', 'ru')
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'PAID_SERVICE_LOCKED')
    assert.equal(
      refused.body().error.message,
      '«Консультация кардиолога» оплачена: оплаченная услуга остаётся в визите. Сначала оформите возврат в кассе.'
    )
    await inTenant(tenant, async () => {
      const lines = await VisitService.query().where('visit_id', visitId)
      assert.lengthOf(lines, 2, 'the ECG of the refused request was not added')
      assert.equal((await Visit.findOrFail(visitId)).total, 550_000_00)
    })

    /* The unpaid EchoCG goes, an ECG comes: the total follows, the paid line keeps its price. */
    const edited = await registrar.patch(`/api/visits/${visitId}`, {
      add_services: [{ id: services.ecg.id, qty: 2 }],
      remove_services: [services.echo.id],
    })
    edited.assertStatus(200)
    assert.equal(edited.body().visit.total, 250_000_00 + 2 * 80_000_00)
    assert.isFalse(edited.body().visit.echo)
    assert.equal(edited.body().visit.payment_status, 'partial')

    /* A service the visit does not have is a field error. */
    const unknown = await registrar.patch(`/api/visits/${visitId}`, {
      remove_services: [services.peel.id],
    })
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'remove_services')

    /* Fully paid: the ECG line is paid now and stays too; a finished visit may still get a forgotten service. */
    ;(await cashier.post('/api/payments/cash', { visit_id: visitId })).assertStatus(201)
    const ecgRemoval = await registrar.patch(`/api/visits/${visitId}`, {
      remove_services: [services.ecg.id],
    })
    ecgRemoval.assertStatus(409)
    assert.equal(ecgRemoval.body().error.code, 'PAID_SERVICE_LOCKED')
    ;(
      await registrar.patch(`/api/visits/${visitId}/status`, { status: 'in_progress' })
    ).assertStatus(200)
    ;(await registrar.patch(`/api/visits/${visitId}/status`, { status: 'done' })).assertStatus(200)
    const added = await registrar.patch(`/api/visits/${visitId}`, {
      add_services: [{ id: services.echo.id }],
    })
    added.assertStatus(200)
    assert.equal(added.body().visit.payment_status, 'partial')
    assert.isTrue(added.body().visit.echo)
  })

  test('the total never drops below what was paid (VISIT_TOTAL_BELOW_PAID)', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const { registrar, cashier, services, visitId } = await paymentClinic(client, tenant)
    /* A partial payment not tied to a line: 400 000 of 550 000. */
    ;(
      await cashier.post('/api/payments/cash', { visit_id: visitId, amount: 400_000_00 })
    ).assertStatus(201)
    const refused = await registrar.patch(`/api/visits/${visitId}`, {
      remove_services: [services.echo.id],
    })
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'VISIT_TOTAL_BELOW_PAID')
    assert.equal(refused.body().error.paid, 400_000_00)
    await inTenant(tenant, async () => {
      assert.lengthOf(await VisitService.query().where('visit_id', visitId), 2)
    })
  })

  test('a canceled or finished visit keeps its doctor and day; a queued one its day; type and note still change', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const queued = await deskRow(api, doctors.therapy.id, 'Алиев Вали', '901240001')
    const canceled = await deskRow(api, doctors.therapy.id, 'Бобоев Гани', '901240002')
    ;(await api.post(`/api/appointments/${canceled.visit_id}/cancel`)).assertStatus(200)

    const moveDay = await api
      .patch(`/api/visits/${queued.visit_id}`, { date: '2026-03-05' })
      .header('accept-language', 'en')
    moveDay.assertStatus(409)
    assert.equal(moveDay.body().error.code, 'VISIT_IN_QUEUE')
    assert.include(moveDay.body().error.message, "already in today's queue")

    for (const body of [{ doctor_id: doctors.dermatology.id }, { date: '2026-03-05' }]) {
      const locked = await api.patch(`/api/visits/${canceled.visit_id}`, body)
      locked.assertStatus(409)
      assert.equal(locked.body().error.code, 'VISIT_LOCKED')
      assert.equal(locked.body().error.status, 'canceled')
    }

    const typed = await api.patch(`/api/visits/${canceled.visit_id}`, {
      type: 'repeat',
      payment_type: 'card',
      note: 'Перезапись',
    })
    typed.assertStatus(200)
    assert.equal(typed.body().visit.type, 'repeat')

    await inTenant(tenant, async () => {
      const visit = await Visit.findOrFail(canceled.visit_id)
      assert.equal(visit.doctorId, doctors.therapy.id)
      assert.equal(visit.note, 'Перезапись')
      const entries = await QueueEntry.query().orderBy('id')
      assert.deepEqual(
        entries.map((e) => [e.number, e.status]),
        [
          [1, 'waiting'],
          [2, 'canceled'],
        ]
      )
    })

    /* Another doctor who already sees the patient today: the existing visit is named. */
    const other = await deskRow(api, doctors.dermatology.id, 'Другой Пациент', '901240003')
    const patientId = (await api.get('/api/patients?phone=901240003')).body().data[0].id
    const dup = await api.post('/api/visits', {
      patient_id: patientId,
      doctor_id: doctors.cardiology.id,
    })
    dup.assertStatus(201)
    const clash = await api.patch(`/api/visits/${dup.body().id}`, {
      doctor_id: doctors.dermatology.id,
    })
    clash.assertStatus(409)
    assert.equal(clash.body().error.code, 'VISIT_EXISTS')
    assert.equal(clash.body().error.visit_id, other.visit_id)
  })

  test('a planned visit takes another day where the schedule has room; a closed or past day is refused', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const patient = await api.post('/api/patients', {
      fio: 'Ким Ольга',
      birth_year: 1990,
      phone: '901250001',
    })
    const planned = await api.post('/api/visits', {
      patient_id: patient.body().id,
      doctor_id: doctors.dermatology.id,
      date: '2026-03-04',
    })
    ;(await api.post(`/api/appointments/${planned.body().id}/confirm`)).assertStatus(200)
    const url = `/api/visits/${planned.body().id}`

    const moved = await api.patch(url, { date: '2026-03-06' })
    moved.assertStatus(200)
    assert.equal(moved.body().visit.date, '2026-03-06')
    assert.equal(moved.body().visit.status, 'planned', 'a new day is confirmed again')
    assert.isNull(moved.body().visit.number)

    const past = await api.patch(url, { date: '2026-03-01' })
    past.assertStatus(422)
    assert.equal(past.body().errors[0].field, 'date')

    ;(
      await api.post('/api/schedule/closures', { doctor_id: doctors.therapy.id, day: '2026-03-09' })
    ).assertStatus(201)
    const closed = await api.patch(url, { date: '2026-03-09', doctor_id: doctors.therapy.id })
    closed.assertStatus(409)
    assert.equal(closed.body().error.code, 'BOOKING_DISABLED')
    assert.equal(closed.body().error.next_day, '2026-03-10')

    const other = await api.patch(url, { doctor_id: doctors.therapy.id })
    other.assertStatus(200)
    assert.equal(other.body().visit.doctor_id, doctors.therapy.id)
    assert.equal(other.body().visit.total, 100_000_00, "the therapist's consultation")

    await inTenant(tenant, async () => {
      const visit = await Visit.findOrFail(planned.body().id)
      assert.equal(visit.date, '2026-03-06')
      assert.equal(await QueueEntry.query().where('visit_id', visit.id).first(), null)
      const logs = await AuditLog.query().where('event', 'visit.updated').orderBy('id')
      assert.deepEqual(logs[0].before, { date: '2026-03-04', status: 'confirmed' })
      assert.deepEqual(logs[0].after, { date: '2026-03-06', status: 'planned' })
    })
  })

  test('two registrars editing one visit at once: both changes land, no number is issued twice', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const { doctors, services } = await setupRegistry(tenant)
    const first = await staffApi(client, tenant, 'registrar')
    const second = await staffApi(client, tenant, 'registrar2')
    const saved = await deskRow(first, doctors.cardiology.id, 'Параллельный Пациент', '901260001')

    const [a, b] = await Promise.all([
      first.patch(`/api/visits/${saved.visit_id}`, { add_services: [{ id: services.ecg.id }] }),
      second.patch(`/api/visits/${saved.visit_id}`, {
        add_services: [{ id: services.cardiology.id }],
      }),
    ])
    a.assertStatus(200)
    b.assertStatus(200)
    await inTenant(tenant, async () => {
      const visit = await Visit.findOrFail(saved.visit_id)
      const lines = await VisitService.query().where('visit_id', visit.id)
      assert.sameMembers(
        lines.map((l) => l.serviceId),
        [services.ecg.id, services.cardiology.id]
      )
      assert.equal(visit.total, 80_000_00 + 250_000_00)
    })

    /* Both move the queued visit to other doctors at once: one after the other, each a number. */
    const moves = await Promise.all([
      first.patch(`/api/visits/${saved.visit_id}`, { doctor_id: doctors.therapy.id }),
      second.patch(`/api/visits/${saved.visit_id}`, { doctor_id: doctors.dermatology.id }),
      first.patch(`/api/visits/${saved.visit_id}`, { doctor_id: doctors.dermatology.id }),
    ])
    for (const move of moves) move.assertStatus(200)
    await inTenant(tenant, async () => {
      const entries = await QueueEntry.query().orderBy('id')
      const live = entries.filter((e) => e.visitId === saved.visit_id)
      assert.lengthOf(live, 1, 'the visit holds one ticket')
      const keys = entries.map((e) => `${e.queueId}:${e.number}`)
      assert.equal(new Set(keys).size, keys.length, 'no number issued twice')
      assert.isTrue(
        entries.filter((e) => e.id !== live[0].id).every((e) => e.status === 'transferred')
      )
      const visit = await Visit.findOrFail(saved.visit_id)
      assert.include([doctors.therapy.id, doctors.dermatology.id], visit.doctorId)
      const queue = await DailyQueue.findOrFail(live[0].queueId)
      assert.equal(queue.doctorId, visit.doctorId, "the ticket is in the visit's doctor's queue")
      assert.lengthOf(
        await AuditLog.query().where('event', 'visit.updated').where('entity_id', String(visit.id)),
        2 + entries.length - 1
      )
    })
  }).timeout(60_000)
})

test.group('Registry corrections: merging cards', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('two cards of one person merge: every visit, ticket and payment moves; the merged card goes; audited', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fix')
    const clinic = await paymentClinic(client, tenant)
    const { registrar, cashier, doctors, visitId } = clinic
    ;(await cashier.post('/api/payments/cash', { visit_id: visitId })).assertStatus(201)
    const duplicate = (await registrar.get(`/api/registry`)).body().data[0].patient_id
    const kept = await deskRow(registrar, doctors.therapy.id, 'Юсупова Малика', undefined)
    const keptId = kept.row.patient_id

    const self = await registrar
      .post(`/api/patients/${keptId}/merge`, { into_id: keptId })
      .header('accept-language', 'uz')
    self.assertStatus(422)
    assert.equal(self.body().error.code, 'PATIENT_MERGE_SELF')
    assert.include(self.body().error.message, "o'zi bilan")

    const missing = await registrar.post(`/api/patients/${duplicate}/merge`, { into_id: 999999 })
    missing.assertStatus(422)
    assert.equal(missing.body().errors[0].field, 'into_id')

    const merged = await registrar.post(`/api/patients/${duplicate}/merge`, { into_id: keptId })
    merged.assertStatus(200)
    assert.deepEqual(merged.body().moved, { visits: 1, queue_entries: 1, payments: 1 })
    assert.equal(merged.body().patient.id, keptId)
    assert.match(merged.body().patient.phone, /^\+99890/, 'the kept card takes the phone it lacked')

    await inTenant(tenant, async () => {
      assert.isNull(await Patient.find(duplicate))
      assert.equal((await Visit.findOrFail(visitId)).patientId, keptId)
      assert.lengthOf(await Visit.query().where('patient_id', keptId), 2)
      assert.lengthOf(await Payment.query().where('patient_id', keptId), 1)
      assert.lengthOf(await QueueEntry.query().where('patient_id', keptId), 2)
      const log = await AuditLog.query().where('event', 'patient.merged').firstOrFail()
      assert.equal(log.entityId, String(keptId))
      assert.equal((log.before!.merged as any).last_name, 'Юсупова')
      assert.equal(log.after!.merged_id, duplicate)
    })
    ;(await registrar.post(`/api/patients/${duplicate}/merge`, { into_id: keptId })).assertStatus(
      404
    )
    const receipt = await cashier.get(`/api/payments/desk/visits/${visitId}`)
    receipt.assertStatus(200)
  })
})

test.group('Registry: technical numbers and online numbers without the phone', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('QUE-R11: numbers reserved ahead are filled by later rows, never called empty nor reissued', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fixres')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)

    const reserved = await api.post('/api/queue/reserve', {
      specialist_id: doctors.therapy.id,
      count: 2,
    })
    reserved.assertStatus(201)
    assert.deepEqual(
      reserved.body().entries.map((e: any) => [e.ticket, e.status]),
      [
        ['T-1', 'reserved'],
        ['T-2', 'reserved'],
      ]
    )
    const [first, second] = reserved.body().entries

    /* A row typed meanwhile takes the next number; the doctor's "next" skips the empty ones. */
    const walkIn = await deskRow(api, doctors.therapy.id, 'Пришёл Сразу', '901280001')
    assert.equal(walkIn.ticket, 'T-3')
    const rows = await api.get(`/api/registry?doctor_id=${doctors.therapy.id}`)
    const empty = rows.body().data.find((r: any) => r.entry_id === second.entry_id)
    assert.equal(empty.entry_status, 'reserved')
    assert.isNull(empty.patient_name)
    const called = await api.post('/api/queue/call-next', { specialist_id: doctors.therapy.id })
    called.assertStatus(200)
    assert.equal(called.body().number, 3)

    const filled = await api.post('/api/registry/rows', {
      entry_id: first.entry_id,
      patient: { fio: 'Заполнен Потом', birth_year: 1970, phone: '901280002' },
      doctor_id: doctors.therapy.id,
    })
    filled.assertStatus(201)
    assert.equal(filled.body().ticket, 'T-1')
    assert.equal(filled.body().entry_id, first.entry_id)
    assert.equal(filled.body().row.status, 'queued')
    assert.equal(filled.body().row.entry_status, 'waiting')

    /* Filled already, or another doctor's: refused, and neither card nor visit is written. */
    const again = await api
      .post('/api/registry/rows', {
        entry_id: first.entry_id,
        patient: { fio: 'Второй Раз', birth_year: 1971, phone: '901280003' },
        doctor_id: doctors.therapy.id,
      })
      .header('accept-language', 'en')
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'ENTRY_NOT_RESERVED')
    assert.include(again.body().error.message, 'not a free reserved number')
    const foreign = await api.post('/api/registry/rows', {
      entry_id: second.entry_id,
      patient: { fio: 'Второй Раз', birth_year: 1971, phone: '901280003' },
      doctor_id: doctors.cardiology.id,
    })
    foreign.assertStatus(409)
    assert.equal(foreign.body().error.code, 'ENTRY_NOT_RESERVED')

    await inTenant(tenant, async () => {
      assert.isNull(await Patient.findBy('phone', '+998901280003'))
      const entries = await QueueEntry.query().orderBy('number')
      assert.deepEqual(
        entries.map((e) => [e.number, e.status]),
        [
          [1, 'waiting'],
          [2, 'reserved'],
          [3, 'called'],
        ]
      )
      assert.lengthOf(await AuditLog.query().where('event', 'queue.reserved'), 2)
    })
  })

  test('REG-E2: an online number is found without the phone by name, birth year and about when it was taken', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T07:00:00')
    const tenant = await createTestTenant('fixe2')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const qr = await api.post('/api/queue/qrcode', { specialist_id: doctors.therapy.id })
    const token = qr.body().token as string
    const joins = [
      { phone: '901290001', name: 'Салимов Анвар', at: '02:05:00' },
      { phone: '901290002', name: 'Салимов Анвар', at: '02:40:00' },
      { phone: '901290003', name: 'Каримова Зухра', at: '02:10:00' },
      { phone: '901290004', name: undefined, at: '02:12:00' },
    ]
    for (const join of joins) {
      ;(
        await joinQueue(client, tenant, { token, phone: join.phone, name: join.name })
      ).assertStatus(200)
    }
    /* A card of the first phone with its birth year; the fourth joined without a name but has a card. */
    await api.post('/api/patients', { fio: 'Салимов Анвар', birth_year: 1980, phone: '901290001' })
    await api.post('/api/patients', { fio: 'Салимов Анвар', birth_year: 1995, phone: '901290002' })
    await api.post('/api/patients', { fio: 'Усмонов Бек', birth_year: 1975, phone: '901290004' })
    await inTenant(tenant, async () => {
      for (const join of joins) {
        await QueueEntry.query()
          .where('phone', `+998${join.phone}`)
          .update({ created_at: `2026-03-02 ${join.at}` })
      }
    })

    const byNameYear = await api.get(
      `/api/registry/online-holders?q=${encodeURIComponent('анвар салимов')}&birth_year=1980`
    )
    byNameYear.assertStatus(200)
    assert.deepEqual(
      byNameYear.body().data.map((e: any) => [e.phone, e.year_matches]),
      [['+998901290001', true]],
      'the card with another birth year is left out'
    )
    assert.equal(byNameYear.body().data[0].ticket, 'T-1')
    assert.equal(byNameYear.body().data[0].joined_local, '07:05')
    assert.equal(byNameYear.body().data[0].doctor_name, 'Рахимов Азиз')

    const byTime = await api.get(`/api/registry/online-holders?around=07:40&minutes=15`)
    assert.deepEqual(
      byTime.body().data.map((e: any) => e.phone),
      ['+998901290002']
    )
    const nearest = await api.get(
      `/api/registry/online-holders?q=${encodeURIComponent('салимов')}&around=07:35`
    )
    assert.deepEqual(
      nearest.body().data.map((e: any) => e.phone),
      ['+998901290002', '+998901290001'],
      'the nearest join first'
    )
    const cardName = await api.get(
      `/api/registry/online-holders?q=${encodeURIComponent('усмонов')}`
    )
    assert.deepEqual(
      cardName.body().data.map((e: any) => [e.phone, e.patient.full_name]),
      [['+998901290004', 'Усмонов Бек']],
      "a join without a name is found by its phone's card"
    )

    /* Once at the desk, the number is not an online holder any more. */
    const patientId = (await api.get('/api/patients?phone=901290001')).body().data[0].id
    ;(
      await api.post('/api/visits', { patient_id: patientId, doctor_id: doctors.therapy.id })
    ).assertStatus(201)
    const after = await api.get(`/api/registry/online-holders?q=${encodeURIComponent('салимов')}`)
    assert.deepEqual(
      after.body().data.map((e: any) => e.phone),
      ['+998901290002']
    )
    ;(await api.get('/api/registry/online-holders?around=7:5')).assertStatus(422)
  })
})

test.group('Registry corrections: boards', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('a corrected card or a visit moved to another doctor reaches the waiting-room board at once', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fixbrd')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const board = await createBoard(client, tenant, { privacy: 'full' })
    const saved = await deskRow(api, doctors.therapy.id, 'Каримва Дилноза', '901300001')
    const { sse } = await connectBoard(client, tenant, board.key)
    try {
      ;(
        await api.patch(`/api/patients/${saved.row.patient_id}`, { fio: 'Каримова Дилноза' })
      ).assertStatus(200)
      await sse.waitFor(
        (m) => m.payload.type === 'QUEUE_UPDATE' && m.payload.event === 'patient.updated'
      )
      ;(
        await api.patch(`/api/visits/${saved.visit_id}`, { doctor_id: doctors.cardiology.id })
      ).assertStatus(200)
      const left = await sse.waitFor(
        (m) => m.payload.type === 'QUEUE_UPDATE' && m.payload.event === 'queue.entry_status_changed'
      )
      assert.equal(left.payload.specialist_id, doctors.therapy.id)
      assert.equal(left.payload.ticket, 'T-1')
      await sse.waitFor(
        (m) => m.payload.type === 'QUEUE_UPDATE' && m.payload.event === 'visit.updated'
      )
    } finally {
      sse.close()
    }
    const state = (await boardState(client, tenant, board.key)).body()
    const queueOf = (id: number) =>
      state.specialists.find((s: any) => s.id === id).queue.map((t: any) => t.ticket)
    assert.deepEqual(queueOf(doctors.therapy.id), [])
    assert.deepEqual(queueOf(doctors.cardiology.id), ['K-1'])
  })
})

/** The new routes and the permission each needs (merge needs both codes). */
const ROUTES: [method: 'get' | 'patch' | 'put' | 'post', url: string, codes: string[]][] = [
  ['patch', '/api/patients/999999', ['patients.write']],
  ['put', '/api/patients/999999', ['patients.write']],
  ['post', '/api/patients/999999/merge', ['patients.write', 'registry.write']],
  ['patch', '/api/visits/999999', ['registry.write']],
  ['post', '/api/queue/reserve', ['registry.write']],
  ['get', '/api/registry/online-holders', ['registry.read']],
]

test.group('Registry corrections: who may', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('each role × each correction route: 403 without the codes, through with them', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('fixperm')
    const roles = [...SYSTEM_ROLES.map((role) => role.name), 'card_clerk']
    await inTenant(tenant, async () => {
      /* A clinic's own role that corrects cards but does not register visits. */
      await Role.create({
        name: 'card_clerk',
        isSystem: false,
        permissions: ['patients.read', 'patients.write'],
      })
      for (const name of roles) {
        const user = await User.create({
          login: `u_${name}`,
          password: TEST_PASSWORD,
          isActive: true,
        })
        await user.related('roles').attach([(await Role.findByOrFail('name', name)).id])
      }
    })
    const granted = (role: string, codes: string[]) => {
      if (role === 'admin') return true
      const own =
        role === 'card_clerk'
          ? ['patients.read', 'patients.write']
          : SYSTEM_ROLES.find((r) => r.name === role)!.permissions
      return codes.every((code) => own.includes(code))
    }
    const mismatches: string[] = []
    for (const role of roles) {
      const api = await staffApi(client, tenant, `u_${role}`)
      for (const [method, url, codes] of ROUTES) {
        const response =
          method === 'get' ? await api.get(url) : await api[method](url, { into_id: 1 })
        const allowed = granted(role, codes)
        const status = response.status()
        if (allowed ? status === 403 || status === 401 : status !== 403) {
          mismatches.push(`${role} ${method.toUpperCase()} ${url} → ${status}`)
        }
      }
    }
    assert.deepEqual(mismatches, [])
  }).timeout(120_000)

  test("another clinic's cards and visits are out of reach: its ids are 404 here, a token of A is 401 on B", async ({
    client,
    assert,
  }) => {
    const a = await createTestTenant('fixiso')
    const b = await createTestTenant('fixiso')
    const { doctors } = await setupRegistry(a)
    await setupRegistry(b)
    const onA = await staffApi(client, a)
    const onB = await staffApi(client, b)
    const saved = await deskRow(onA, doctors.therapy.id, 'Только Вклинике', '901270001')

    ;(
      await onB.patch(`/api/patients/${saved.row.patient_id}`, { fio: 'Чужой Человек' })
    ).assertStatus(404)
    ;(await onB.patch(`/api/visits/${saved.visit_id}`, { note: 'чужой' })).assertStatus(404)
    ;(await onB.post(`/api/patients/${saved.row.patient_id}/merge`, { into_id: 1 })).assertStatus(
      404
    )

    const tokenA = await apiToken(client, a, 'registrar')
    const foreign = await client
      .patch(`/api/patients/${saved.row.patient_id}`)
      .header('host', hostOf(b))
      .bearerToken(tokenA)
      .json({ fio: 'Чужой Человек' })
    foreign.assertStatus(401)

    await inTenant(a, async () => {
      const patient = await Patient.findOrFail(saved.row.patient_id)
      assert.equal(patient.fullName, 'Только Вклинике')
    })
  })
})
