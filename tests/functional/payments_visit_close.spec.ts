import { test } from '@japa/runner'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { setLocalTime, staffApi } from '#tests/helpers/registry'
import { paymentClinic } from '#tests/helpers/payments'

test.group('Payments: a paid visit closes once paid (PAY-T5)', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('the status API refuses done while unpaid (409 VISIT_UNPAID in the user language); a partial payment lets it close', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('close')
    const clinic = await paymentClinic(client, tenant)
    const url = `/api/visits/${clinic.visitId}/status`
    ;(await clinic.registrar.patch(url, { status: 'in_progress' })).assertStatus(200)

    const refused = await clinic.registrar
      .patch(url, { status: 'done' })
      .header('accept-language', 'ru')
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'VISIT_UNPAID')
    assert.include(refused.body().error.message, 'не оплачен')
    assert.equal(refused.body().error.payment_status, 'unpaid')
    const english = await clinic.registrar
      .patch(url, { status: 'done' })
      .header('accept-language', 'en')
    assert.include(english.body().error.message, 'not paid')
    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(clinic.visitId)).status, 'in_progress')
    })

    ;(
      await clinic.cashier.post('/api/payments/cash', {
        visit_id: clinic.visitId,
        amount: 100_000_00,
      })
    ).assertStatus(201)
    const closed = await clinic.registrar.patch(url, { status: 'done' })
    closed.assertStatus(200)
    assert.equal(closed.body().visit.status, 'done')
  })

  test('a repeat or benefit visit, and a visit with nothing to pay, close unpaid', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('close')
    const clinic = await paymentClinic(client, tenant)
    for (const [type, phone] of [
      ['repeat', '901110001'],
      ['benefit', '901110002'],
    ]) {
      const row = await clinic.registrar.post('/api/registry/rows', {
        patient: { fio: `Пациент ${type}`, birth_year: 1980, phone },
        doctor_id: clinic.doctors.therapy.id,
        type,
      })
      row.assertStatus(201)
      const url = `/api/visits/${row.body().visit_id}/status`
      ;(await clinic.registrar.patch(url, { status: 'in_progress' })).assertStatus(200)
      const done = await clinic.registrar.patch(url, { status: 'done' })
      assert.equal(done.status(), 200, `${type} visit`)
    }

    const free = await clinic.registrar.post('/api/registry/rows', {
      patient: { fio: 'Пациент Бесплатный', birth_year: 1980, phone: '901110003' },
      doctor_id: clinic.doctors.therapy.id,
    })
    await inTenant(tenant, () =>
      Visit.query().where('id', free.body().visit_id).update({ total: 0 })
    )
    const url = `/api/visits/${free.body().visit_id}/status`
    ;(await clinic.registrar.patch(url, { status: 'in_progress' })).assertStatus(200)
    ;(await clinic.registrar.patch(url, { status: 'done' })).assertStatus(200)
  })

  test("the doctor's Finish refuses an unpaid paid visit; after the cash desk takes the money it finishes", async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('close')
    const clinic = await paymentClinic(client, tenant)
    const doctor = await staffApi(client, tenant, 'doctor')
    const row = await clinic.registrar.post('/api/registry/rows', {
      patient: { fio: 'Каримов Бахтиёр', birth_year: 1975, phone: '901110004' },
      doctor_id: clinic.doctors.therapy.id,
    })
    row.assertStatus(201)
    const entryId = row.body().entry_id
    ;(await doctor.post(`/api/queue/entries/${entryId}/start`)).assertStatus(200)

    const refused = await doctor
      .post(`/api/queue/entries/${entryId}/finish`)
      .header('accept-language', 'uz')
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'VISIT_UNPAID')
    assert.include(refused.body().error.message, 'toʻlanmagan')
    const today = await doctor.get(`/api/queue/today?specialist_id=${clinic.doctors.therapy.id}`)
    const entry = today.body().entries.find((e: any) => e.id === entryId)
    assert.equal(entry.status, 'in_progress', 'the ticket stays with the doctor')

    ;(
      await clinic.cashier.post('/api/payments/cash', { visit_id: row.body().visit_id })
    ).assertStatus(201)
    const finished = await doctor.post(`/api/queue/entries/${entryId}/finish`)
    finished.assertStatus(200)
    assert.equal(finished.body().status, 'done')
  })
})
