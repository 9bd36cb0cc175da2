import { test } from '@japa/runner'
import Branch from '#models/branch'
import Role from '#models/role'
import User from '#models/user'
import { clock } from '#services/clock'
import { tenantClient } from '#services/queue/queue_numbering'
import { SYSTEM_ROLES } from '#services/permission_catalog'
import { grantDeskPaymentCodes } from '#database/migrations/tenant/1764000004001_desk_payment_permissions'
import { pdfText } from '#tests/helpers/pdf_text'
import { panelSession } from '#tests/helpers/panel_session'
import { setLocalTime, staffApi } from '#tests/helpers/registry'
import { createTestTenant, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { paymentClinic } from '#tests/helpers/payments'

/** PDF text without whitespace and case (headings are upper-cased by CSS). */
const squeeze = (text: string) => text.replace(/\s+/g, '').toLowerCase()

const DAY = '2026-03-02'

test.group('Payments: the registrar at the cash desk (issue 22)', (group) => {
  group.each.setup(() => {
    setLocalTime(`${DAY}T08:30:00`)
    return () => clock.reset()
  })

  test('the registrar takes cash and starts an online payment; refunds stay with the cashier', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    const detail = await clinic.registrar.get(`/api/payments/desk/visits/${clinic.visitId}`)
    const [consultation, echo] = detail.body().services

    const cash = await clinic.registrar.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [consultation.id],
    })
    cash.assertStatus(201)
    assert.equal(cash.body().status, 'paid')
    assert.equal(cash.body().amount, 250_000_00)

    const online = await clinic.registrar.post('/api/payments/init', {
      provider: 'payme',
      visit_id: clinic.visitId,
      service_ids: [echo.id],
    })
    online.assertStatus(201)

    ;(await clinic.registrar.post(`/api/payments/${cash.body().id}/refund`, {})).assertStatus(403)
    const refund = await clinic.cashier.post(`/api/payments/${cash.body().id}/refund`, {
      amount: 10_000_00,
    })
    refund.assertStatus(200)
  })

  test('the cash desk page: the registrar may take money, not refund; the cashier sees no registry link', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('desk')
    await paymentClinic(client, tenant)
    const registrar = await panelSession(client, tenant, 'registrar')
    const desk = (await registrar.get('/cashier')).body().props
    assert.include(desk, { canWrite: true, canRefund: false, canRegistry: true })
    assert.equal(desk.branch.id, (await inTenant(tenant, () => Branch.firstOrFail())).id)
    const registry = (await registrar.get('/registry')).body().props
    assert.isTrue(registry.canPay)

    const cashier = await panelSession(client, tenant, 'cashier')
    const cashierDesk = (await cashier.get('/cashier')).body().props
    assert.include(cashierDesk, { canWrite: true, canRefund: true, canRegistry: false })
  })

  test('existing tenants: the registrar role gets payments.write, roles that took payments keep refunds', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    const before = ['registry.read', 'registry.write', 'patients.read', 'payments.read']
    await inTenant(tenant, async () => {
      await Role.query()
        .where('name', 'registrar')
        .update({ permissions: JSON.stringify(before) })
      await Role.query()
        .where('name', 'cashier')
        .update({ permissions: JSON.stringify(['payments.read', 'payments.write']) })
      await Role.create({ name: 'senior', isSystem: false, permissions: ['payments.write'] })
      await Role.create({ name: 'viewer', isSystem: false, permissions: ['payments.read'] })
    })
    ;(await clinic.registrar.post('/api/payments/cash', { visit_id: clinic.visitId })).assertStatus(
      403
    )

    await inTenant(tenant, async () => {
      await grantDeskPaymentCodes(tenantClient())
      const codes = async (name: string) => (await Role.findByOrFail('name', name)).permissions
      assert.sameMembers(await codes('registrar'), [...before, 'payments.write'])
      assert.sameMembers(await codes('cashier'), [
        'payments.read',
        'payments.write',
        'payments.refund',
      ])
      assert.sameMembers(await codes('senior'), ['payments.write', 'payments.refund'])
      assert.sameMembers(await codes('viewer'), ['payments.read'])
      assert.deepEqual(await codes('admin'), ['*'])
    })
    ;(await clinic.registrar.post('/api/payments/cash', { visit_id: clinic.visitId })).assertStatus(
      201
    )
  })

  test('a new tenant: the built-in roles are the catalog’s', async ({ assert }) => {
    const tenant = await createTestTenant('desk')
    await inTenant(tenant, async () => {
      for (const role of SYSTEM_ROLES) {
        const stored = await Role.findByOrFail('name', role.name)
        assert.sameMembers(stored.permissions, role.permissions)
      }
    })
    const registrar = SYSTEM_ROLES.find((role) => role.name === 'registrar')!.permissions
    assert.include(registrar, 'payments.write')
    assert.notInclude(registrar, 'payments.refund')
  })
})

test.group('Payments: the cash desk day summary (issue 22)', (group) => {
  group.each.setup(() => {
    setLocalTime(`${DAY}T08:30:00`)
    return () => clock.reset()
  })

  test('cash, card, online, refunds, cash in the drawer and the count of the day; JSON and PDF for the cashier, 403 for a doctor', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    const branchId = (await inTenant(tenant, () => Branch.firstOrFail())).id
    const detail = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    const [consultation, echo] = detail.body().services
    const cash = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [consultation.id],
    })
    const card = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [echo.id],
      method: 'card',
    })
    ;(
      await clinic.cashier.post(`/api/payments/${cash.body().id}/refund`, { amount: 50_000_00 })
    ).assertStatus(200)
    ;(
      await clinic.cashier.post(`/api/payments/${card.body().id}/refund`, { amount: 10_000_00 })
    ).assertStatus(200)

    const url = `/api/payments/summary?from=${DAY}&to=${DAY}&branch_id=${branchId}`
    const summary = await clinic.cashier.get(url)
    summary.assertStatus(200)
    assert.lengthOf(summary.body().data, 1)
    assert.deepInclude(summary.body().data[0], {
      day: DAY,
      branch_id: branchId,
      currency: 'UZS',
      cash: 250_000_00,
      card: 300_000_00,
      online: 0,
      refunds: 60_000_00,
      cash_refunds: 50_000_00,
      drawer: 200_000_00,
      total: 490_000_00,
      count: 2,
    })

    const pdf = await clinic.cashier.get(
      `/api/payments/summary.pdf?from=${DAY}&to=${DAY}&branch_id=${branchId}&lang=ru`
    )
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    const text = squeeze(pdfText(pdf.body()).text)
    assert.include(text, squeeze('Возвраты наличными'))
    assert.include(text, squeeze('В кассе'))
    assert.include(text, '200000')
    assert.include(text, '02.03.2026')
    assert.notInclude(text, '02.03.2026—02.03.2026', 'one day reads as one day')

    const doctor = await staffApi(client, tenant, 'doctor')
    ;(await doctor.get(url)).assertStatus(403)
    ;(await doctor.get(url.replace('/summary?', '/summary.pdf?'))).assertStatus(403)
    ;(await clinic.cashier.get('/api/admin/reports?from=2026-03-01&to=2026-03-31')).assertStatus(
      403
    )
  })

  test('the registrar’s session sees the day summary of the payments it took', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    ;(await clinic.registrar.post('/api/payments/cash', { visit_id: clinic.visitId })).assertStatus(
      201
    )
    const session = await panelSession(client, tenant, 'registrar')
    const summary = await session.get(`/api/payments/summary?from=${DAY}&to=${DAY}`)
    summary.assertStatus(200)
    assert.deepInclude(summary.body().data[0], {
      cash: 550_000_00,
      cash_refunds: 0,
      drawer: 550_000_00,
      count: 1,
    })
  })

  test('a cashier tied to a branch gets that branch’s summary only', async ({ client, assert }) => {
    const tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    ;(await clinic.cashier.post('/api/payments/cash', { visit_id: clinic.visitId })).assertStatus(
      201
    )
    const { main, other } = await inTenant(tenant, async () => {
      const first = await Branch.firstOrFail()
      const second = await Branch.create({
        name: 'Чиланзар',
        timezone: first.timezone,
        locale: first.locale,
        isDefault: false,
      })
      const user = await User.create({
        login: 'cashier2',
        password: TEST_PASSWORD,
        isActive: true,
        branchId: second.id,
      })
      await user.related('roles').attach([(await Role.findByOrFail('name', 'cashier')).id])
      return { main: first.id, other: second.id }
    })
    const cashier2 = await staffApi(client, tenant, 'cashier2')
    ;(
      await cashier2.get(`/api/payments/summary?from=${DAY}&to=${DAY}&branch_id=${main}`)
    ).assertStatus(403)
    const own = await cashier2.get(`/api/payments/summary?from=${DAY}&to=${DAY}`)
    own.assertStatus(200)
    assert.deepEqual(own.body().data, [])
    assert.equal(own.body().branch_id, other)
    const desk = (await (await panelSession(client, tenant, 'cashier2')).get('/cashier')).body()
      .props
    assert.deepEqual(desk.branch, { id: other, name: 'Чиланзар' })
  })
})
