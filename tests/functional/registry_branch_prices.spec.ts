import { test } from '@japa/runner'
import Doctor from '#models/doctor'
import VisitService from '#models/visit_service'
import { clock } from '#services/clock'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'

/** ADM-R5: a branch's own service prices price the registry's rows of that branch. */
test.group('Registry: branch prices', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T09:00:00')
    return () => clock.reset()
  })

  test('a row in a branch with its own price totals that price; another branch pays the catalog price', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brp')
    const { branch, doctors, services } = await setupRegistry(tenant)
    const admin = await staffApi(client, tenant, 'admin')
    const api = await staffApi(client, tenant)

    const created = await admin.post('/api/admin/branches', { name: 'Юнусабад' })
    created.assertStatus(201)
    const otherBranch = created.body().id as number
    const otherTherapist = await inTenant(tenant, () =>
      Doctor.create({
        fullName: 'Саидова Малика',
        specialty: 'therapy',
        cabinet: '12',
        branchId: otherBranch,
        priceDefault: 90_000_00,
        active: true,
      })
    )
    /* The main branch charges its own therapy and EchoCG prices; the new one keeps the catalog's. */
    for (const [service, price] of [
      [services.therapy, 170_000_00],
      [services.echo, 320_000_00],
    ] as const) {
      const response = await admin.put(`/api/admin/services/${service.id}`, {
        branch_prices: [{ branch_id: branch.id, price }],
      })
      response.assertStatus(200)
    }

    const here = await api.post('/api/registry/rows', {
      patient: { fio: 'Каримова Дилноза', birth_year: 1985 },
      doctor_id: doctors.therapy.id,
      services: [{ id: services.therapy.id, qty: 2 }, { id: services.ecg.id }],
    })
    here.assertStatus(201)
    assert.equal(here.body().row.total, 2 * 170_000_00 + 80_000_00)

    const there = await api.post('/api/registry/rows', {
      patient: { fio: 'Юсупов Тимур', birth_year: 1972 },
      doctor_id: otherTherapist.id,
      services: [{ id: services.therapy.id, qty: 2 }, { id: services.ecg.id }],
    })
    there.assertStatus(201)
    assert.equal(there.body().row.total, 2 * 150_000_00 + 80_000_00)

    /* The EchoCG mark adds the EchoCG service at the branch's price too (decision 5). */
    const echo = await api.post('/api/registry/rows', {
      patient: { fio: 'Алиева Мадина', birth_year: 2001 },
      doctor_id: doctors.cardiology.id,
      services: [{ id: services.cardiology.id }],
      echo: true,
    })
    echo.assertStatus(201)
    assert.equal(echo.body().row.total, 250_000_00 + 320_000_00)

    /* No services: the doctor's own consultation price. */
    const consultation = await api.post('/api/registry/rows', {
      patient: { fio: 'Насретдинов Бахром', birth_year: 1990 },
      doctor_id: otherTherapist.id,
    })
    assert.equal(consultation.body().row.total, 90_000_00)

    /* The lines keep the price they were sold at. */
    const lines = await inTenant(tenant, () =>
      VisitService.query()
        .whereIn('visit_id', [here.body().visit_id, there.body().visit_id])
        .orderBy('id')
    )
    assert.deepEqual(
      lines.map((line) => [line.visitId, line.serviceId, Number(line.price)]),
      [
        [here.body().visit_id, services.therapy.id, 170_000_00],
        [here.body().visit_id, services.ecg.id, 80_000_00],
        [there.body().visit_id, services.therapy.id, 150_000_00],
        [there.body().visit_id, services.ecg.id, 80_000_00],
      ]
    )
  })

  test('an inactive service is refused in every branch, whatever its branch price', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brp')
    const { branch, doctors, services } = await setupRegistry(tenant)
    const admin = await staffApi(client, tenant, 'admin')
    const api = await staffApi(client, tenant)
    await admin
      .put(`/api/admin/services/${services.retired.id}`, {
        branch_prices: [{ branch_id: branch.id, price: 5_000_00 }],
      })
      .then((response) => response.assertStatus(200))

    const refused = await api.post('/api/registry/rows', {
      patient: { fio: 'Иванов Иван', birth_year: 1980 },
      doctor_id: doctors.therapy.id,
      services: [{ id: services.therapy.id }, { id: services.retired.id }],
    })
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].field, 'services.1.id')
  })
})
