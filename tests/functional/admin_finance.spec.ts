import { test } from '@japa/runner'
import ExcelJS from 'exceljs'
import db from '@adonisjs/lucid/services/db'
import Doctor from '#models/doctor'
import Service from '#models/service'
import PayrollEntry from '#models/payroll_entry'
import { clock } from '#services/clock'
import { currentTenantOrFail } from '#tenants/context'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'
import { setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { pdfText } from '#tests/helpers/pdf_text'

type Desk = Awaited<ReturnType<typeof staffApi>>
let phone = 901000000

/** A desk row for today (local clock), optionally moved on to done. */
async function visitToday(desk: Desk, doctorId: number, serviceIds: number[], done: boolean) {
  phone++
  const row = await desk.post('/api/registry/rows', {
    patient: { fio: `Пациент ${phone}`, birth_year: 1980, phone: String(phone) },
    doctor_id: doctorId,
    services: serviceIds.map((id) => ({ id })),
    /* A repeat visit may close before payments are recorded (PAY-R8 binds paid visits only). */
    type: 'repeat',
    payment_type: 'cash',
  })
  row.assertStatus(201)
  const visitId = row.body().visit_id
  if (done) {
    ;(await desk.patch(`/api/visits/${visitId}/status`, { status: 'in_progress' })).assertStatus(
      200
    )
    ;(await desk.patch(`/api/visits/${visitId}/status`, { status: 'done' })).assertStatus(200)
  }
  return visitId as number
}

/** A paid payment as the payments module records it (amounts in minor units). */
function recordPayment(
  tenant: Tenant,
  visitId: number,
  method: string,
  amount: number,
  paidAt: string,
  refunded = 0
) {
  return inTenant(tenant, () =>
    db
      .connection(currentTenantOrFail().connectionName)
      .table('payments')
      .insert({
        visit_id: visitId,
        provider: method === 'online' ? 'payme' : method,
        method,
        amount,
        refunded_amount: refunded,
        currency: 'UZS',
        status: refunded ? 'refunded' : 'paid',
        paid_at: paidAt,
        created_at: paidAt,
        updated_at: paidAt,
      })
  )
}

test.group('Admin: payroll', (group) => {
  group.each.setup(() => () => clock.reset())

  test('a known set of visits: the doctor percent, a service percent, a visit without services; only done visits of the period', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T09:00:00')
    const tenant = await createTestTenant('pay')
    const { doctors, services } = await setupRegistry(tenant)
    await inTenant(tenant, async () => {
      await Doctor.query().where('id', doctors.therapy.id).update({ payroll_percent: 30 })
      await Service.query().where('id', services.ecg.id).update({ payroll_percent: 50 })
    })
    const desk = await staffApi(client, tenant)
    await visitToday(desk, doctors.therapy.id, [services.therapy.id], true)
    await visitToday(desk, doctors.therapy.id, [services.therapy.id, services.ecg.id], true)
    setLocalTime('2026-03-31T16:00:00')
    await visitToday(desk, doctors.therapy.id, [], true)
    await visitToday(desk, doctors.therapy.id, [services.therapy.id], false)
    setLocalTime('2026-04-01T09:00:00')
    await visitToday(desk, doctors.therapy.id, [services.therapy.id], true)

    const admin = await adminApi(client, tenant)
    const calculated = await admin.post('/api/admin/payroll', {
      period_start: '2026-03-01',
      period_end: '2026-03-31',
      doctor_id: doctors.therapy.id,
    })
    calculated.assertStatus(201)
    const entry = calculated.body()[0]
    assert.containsSubset(entry, {
      status: 'pending',
      visits_count: 3,
      base_amount: 480_000_00,
      amount: 160_000_00,
    })
    assert.sameDeepMembers(
      entry.lines.map((line: any) => [line.title, line.qty, line.percent, line.share]),
      [
        ['Консультация терапевта', 2, 30, 90_000_00],
        ['ЭКГ', 1, 50, 40_000_00],
        ['visit', 1, 30, 30_000_00],
      ]
    )

    const all = await admin.post('/api/admin/payroll', {
      period_start: '2026-03-01',
      period_end: '2026-03-31',
    })
    assert.deepEqual(
      all.body().map((e: any) => e.doctor_id),
      [doctors.therapy.id],
      'only doctors paid by percent'
    )
    assert.lengthOf(
      await inTenant(tenant, () => PayrollEntry.all()),
      1,
      'recalculated, not duplicated'
    )

    const backwards = await admin.post('/api/admin/payroll', {
      period_start: '2026-03-31',
      period_end: '2026-03-01',
    })
    backwards.assertStatus(422)
  })

  test('ADM-T7: an entry marked paid shows "paid", cannot be recalculated, and its payslip says so', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T09:00:00')
    const tenant = await createTestTenant('pay')
    const { doctors, services } = await setupRegistry(tenant)
    await inTenant(tenant, () =>
      Doctor.query().where('id', doctors.therapy.id).update({ payroll_percent: 40 })
    )
    const desk = await staffApi(client, tenant)
    await visitToday(desk, doctors.therapy.id, [services.therapy.id], true)
    const admin = await adminApi(client, tenant, 'admin', undefined, 'ru')
    const body = {
      period_start: '2026-03-01',
      period_end: '2026-03-31',
      doctor_id: doctors.therapy.id,
    }
    const entry = (await admin.post('/api/admin/payroll', body)).body()[0]

    const paid = await admin.put(`/api/admin/payroll/${entry.id}`, { status: 'paid' })
    paid.assertStatus(200)
    assert.equal(paid.body().status, 'paid')
    assert.isString(paid.body().paid_at)
    const list = await admin.get('/api/admin/payroll?status=paid')
    assert.deepEqual(
      list.body().map((e: any) => [e.id, e.status]),
      [[entry.id, 'paid']]
    )

    const again = await admin.post('/api/admin/payroll', body)
    again.assertStatus(409)
    assert.match(again.body().error.message, /уже проведена/)
    ;(await admin.delete(`/api/admin/payroll/${entry.id}`)).assertStatus(409)

    const pdf = await admin.get(`/api/admin/payroll/${entry.id}/payslip.pdf`)
    pdf.assertStatus(200)
    const { text } = pdfText(Buffer.from(pdf.body()))
    assert.include(text, 'Расчётный лист врача')
    assert.include(text, 'Рахимов Азиз')
    assert.include(text, 'Выплачено')
    assert.include(text, '60 000 сум')
  }).timeout(30_000)
})

test.group('Admin: expenses, reports and the dashboard', (group) => {
  group.each.setup(() => () => clock.reset())

  test('ADM-T6 / ADM-T10: expenses filter by period and category, feed the report and export to Excel and PDF', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('exp')
    const admin = await adminApi(client, tenant, 'admin', undefined, 'ru')
    const add = (category: string, amount: number, spentOn: string, note?: string) =>
      admin.post('/api/admin/expenses', { category, amount, spent_on: spentOn, note })
    ;(await add('rent', 5_000_000_00, '2026-03-01', 'Аренда за март')).assertStatus(201)
    ;(await add('materials', 750_000_00, '2026-03-10', 'Перчатки, шприцы')).assertStatus(201)
    ;(await add('materials', 250_000_00, '2026-03-20')).assertStatus(201)
    ;(await add('marketing', 1_000_000_00, '2026-04-02')).assertStatus(201)
    const bad = await add('casino', -5, '2026-03-01')
    bad.assertStatus(422)
    assert.sameMembers(
      bad.body().errors.map((e: any) => e.field),
      ['category', 'amount']
    )

    const march = await admin.get(
      '/api/admin/expenses?from=2026-03-01&to=2026-03-31&category=materials'
    )
    assert.deepEqual(
      march.body().map((e: any) => e.amount),
      [250_000_00, 750_000_00]
    )

    const report = await admin.get('/api/admin/reports?from=2026-03-01&to=2026-03-31')
    report.assertStatus(200)
    assert.deepEqual(report.body().expenses, [
      { category: 'materials', currency: 'UZS', amount: 1_000_000_00, count: 2 },
      { category: 'rent', currency: 'UZS', amount: 5_000_000_00, count: 1 },
    ])

    const xlsx = await admin.get('/api/admin/expenses/export.xlsx?from=2026-03-01&to=2026-03-31')
    xlsx.assertStatus(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(xlsx.body()) as any)
    const sheet = workbook.worksheets[0]
    assert.equal(sheet.name, 'Расходы')
    assert.deepEqual(
      [2, 3, 4].map((n) => [sheet.getRow(n).getCell(2).value, sheet.getRow(n).getCell(3).value]),
      [
        ['Материалы', 250_000],
        ['Материалы', 750_000],
        ['Аренда', 5_000_000],
      ]
    )
    assert.deepEqual(
      [sheet.getRow(5).getCell(2).value, sheet.getRow(5).getCell(3).value],
      ['Итого', 6_000_000]
    )

    const pdf = await admin.get('/api/admin/expenses/export.pdf?from=2026-03-01&to=2026-03-31')
    pdf.assertStatus(200)
    const { text } = pdfText(Buffer.from(pdf.body()))
    assert.include(text, 'Расходы')
    assert.include(
      text,
      tenant.name,
      "without a clinic.name setting the clinic's registered name heads it"
    )
    assert.include(text, 'Перчатки, шприцы')
    assert.include(text, '6 000 000 сум')
  }).timeout(30_000)

  test('the dashboard counts today: patients, visits, income by method, the week, top services, doctor load', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-01T10:00:00')
    const tenant = await createTestTenant('dash')
    const { doctors, services } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    await visitToday(desk, doctors.therapy.id, [services.therapy.id], true)
    setLocalTime('2026-03-02T10:00:00')
    const first = await visitToday(
      desk,
      doctors.therapy.id,
      [services.therapy.id, services.ecg.id],
      true
    )
    const second = await visitToday(
      desk,
      doctors.cardiology.id,
      [services.cardiology.id, services.ecg.id],
      false
    )
    await visitToday(desk, doctors.therapy.id, [services.ecg.id], false)
    await recordPayment(tenant, first, 'cash', 230_000_00, '2026-03-02 05:00:00')
    await recordPayment(tenant, second, 'online', 330_000_00, '2026-03-02 05:30:00', 30_000_00)
    await recordPayment(tenant, second, 'card', 99_00, '2026-03-01 18:59:00')

    const admin = await adminApi(client, tenant)
    const dashboard = await admin.get('/api/admin/dashboard')
    dashboard.assertStatus(200)
    const body = dashboard.body()
    assert.equal(body.date, '2026-03-02')
    assert.containsSubset(body.today, { visits: 3, patients: 3, done: 1 })
    assert.deepEqual(body.today.income, [
      { currency: 'UZS', cash: 230_000_00, card: 0, online: 300_000_00, total: 530_000_00 },
    ])
    assert.lengthOf(body.week, 7)
    assert.deepEqual(body.week.slice(-2), [
      { date: '2026-03-01', visits: 1 },
      { date: '2026-03-02', visits: 3 },
    ])
    assert.deepEqual(body.top_services[0], {
      id: services.ecg.id,
      title: 'ЭКГ',
      category: 'ecg',
      count: 3,
      total: 240_000_00,
    })
    assert.isAtMost(body.top_services.length, 5)
    const therapy = body.doctor_load.find((row: any) => row.id === doctors.therapy.id)
    assert.containsSubset(therapy, { visits: 2, done: 1 })

    const registrar = await adminApi(client, tenant, 'registrar')
    ;(await registrar.get('/api/admin/dashboard')).assertStatus(403)
  })
})
