import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import Branch from '#models/branch'
import BookingClosure from '#models/booking_closure'
import Doctor from '#models/doctor'
import Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import QueueEntry from '#models/queue_entry'
import DailyQueue from '#models/daily_queue'
import User from '#models/user'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import type Tenant from '#tenants/models/tenant'
import { panelSession } from '#tests/helpers/panel_session'
import { pdfText } from '#tests/helpers/pdf_text'
import { paymentClinic } from '#tests/helpers/payments'
import { setLocalTime, staffApi } from '#tests/helpers/registry'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'

/**
 * Issue 12 F7: a user tied to a branch (`users.branch_id`) sees and acts on
 * that branch's resources only; a user without a branch sees all
 * (`app/services/branch_scope.ts`).
 */

const DAY = '2026-03-02'
const HERE_PATIENT = 'Юсупова Малика Рустамовна'
const THERE_PATIENT = 'Каримов Бахтиёр Ильхомович'

type Api = Awaited<ReturnType<typeof staffApi>>

/** One branch's resources, as the routes name them. */
interface Side {
  branchId: number
  visitId: number
  entryId: number
  paymentId: number
  doctorId: number
}

/**
 * A clinic with two branches: a cardiology visit with a cash payment in each,
 * all made by clinic-wide staff; then the registrar and the cashier are tied
 * to branch 1 through the admin API.
 */
async function twoBranches(client: ApiClient) {
  const tenant = await createTestTenant('brs')
  const clinic = await paymentClinic(client, tenant)
  const admin = await staffApi(client, tenant, 'admin')
  const main = await inTenant(tenant, () => Branch.findByOrFail('is_default', true))
  const created = await admin.post('/api/admin/branches', { name: 'Юнусабад' })
  created.assertStatus(201)
  const otherBranch = created.body().id as number
  const otherDoctor = await inTenant(tenant, () =>
    Doctor.create({
      fullName: 'Саидов Отабек',
      specialty: 'cardiology',
      cabinet: '12',
      branchId: otherBranch,
      priceDefault: 200_000_00,
      active: true,
    })
  )
  const row = await clinic.registrar.post('/api/registry/rows', {
    patient: { fio: THERE_PATIENT, birth_year: 1980, phone: '901234567' },
    doctor_id: otherDoctor.id,
    services: [{ id: clinic.services.cardiology.id }, { id: clinic.services.echo.id }],
    payment_type: 'cash',
  })
  row.assertStatus(201)

  const side = async (visitId: number): Promise<Side> => {
    const paid = await admin.post('/api/payments/cash', { visit_id: visitId, amount: 100_000_00 })
    paid.assertStatus(201)
    const rows = (await admin.get(`/api/registry?date=${DAY}`)).body().data
    const own = rows.find((r: any) => r.visit_id === visitId)
    const visit = await inTenant(tenant, () => Visit.findOrFail(visitId))
    return {
      branchId: visit.branchId,
      visitId,
      entryId: own.entry_id,
      paymentId: paid.body().id,
      doctorId: visit.doctorId,
    }
  }
  const here = await side(clinic.visitId)
  const there = await side(row.body().visit_id)

  /* The branch is set through the admin API (and shown back). */
  for (const login of ['registrar', 'cashier']) {
    const user = await inTenant(tenant, () => User.findByOrFail('login', login))
    const tied = await admin.put(`/api/admin/users/${user.id}`, { branch_id: main.id })
    tied.assertStatus(200)
    if (tied.body().branch_id !== main.id) throw new Error(`${login} was not tied to the branch`)
  }
  return {
    tenant,
    admin,
    here,
    there,
    registrar: clinic.registrar,
    cashier: clinic.cashier,
    /** A clinic-wide registrar (no branch). */
    registrar2: await staffApi(client, tenant, 'registrar2'),
  }
}

/** Every route of a branch-owned resource, with the branch-1 user who may use it on branch 1. */
interface RouteCase {
  name: string
  who: 'registrar' | 'cashier'
  /** The refusal's code (`BRANCH_FORBIDDEN` unless the route already had its own). */
  code?: string
  call: (api: Api, side: Side) => Promise<any>
}

const ROUTES: RouteCase[] = [
  {
    name: 'GET /api/payments/:id',
    who: 'cashier',
    call: (a, s) => a.get(`/api/payments/${s.paymentId}`),
  },
  {
    name: 'GET /api/payments/:id/receipt.pdf',
    who: 'cashier',
    call: (a, s) => a.get(`/api/payments/${s.paymentId}/receipt.pdf?lang=ru`),
  },
  {
    name: 'POST /api/payments/:id/print',
    who: 'registrar',
    call: (a, s) => a.post(`/api/payments/${s.paymentId}/print`, {}),
  },
  {
    name: 'POST /api/payments/:id/refund',
    who: 'cashier',
    call: (a, s) => a.post(`/api/payments/${s.paymentId}/refund`, { amount: 1_000_00 }),
  },
  {
    name: 'GET /api/payments/desk/visits/:id',
    who: 'cashier',
    call: (a, s) => a.get(`/api/payments/desk/visits/${s.visitId}`),
  },
  {
    name: 'POST /api/payments/cash (the visit)',
    who: 'cashier',
    call: (a, s) => a.post('/api/payments/cash', { visit_id: s.visitId, amount: 1_000_00 }),
  },
  {
    name: 'POST /api/payments/init (the visit)',
    who: 'registrar',
    call: (a, s) =>
      a.post('/api/payments/init', { provider: 'payme', visit_id: s.visitId, amount: 1_000_00 }),
  },
  {
    name: 'GET /api/queue/print-ticket/:entryId',
    who: 'registrar',
    call: (a, s) => a.get(`/api/queue/print-ticket/${s.entryId}?format=pdf&lang=ru`),
  },
  {
    name: 'POST /api/print/ticket',
    who: 'registrar',
    call: (a, s) => a.post('/api/print/ticket', { entry_id: s.entryId }),
  },
  {
    name: 'POST /api/queue/reserve',
    who: 'registrar',
    call: (a, s) => a.post('/api/queue/reserve', { specialist_id: s.doctorId }),
  },
  {
    name: 'POST /api/queue/qrcode',
    who: 'registrar',
    call: (a, s) => a.post('/api/queue/qrcode', { specialist_id: s.doctorId }),
  },
  {
    name: 'POST /api/queue/open',
    who: 'registrar',
    call: (a, s) => a.post('/api/queue/open', { specialist_id: s.doctorId }),
  },
  {
    name: 'GET /api/queue/today (queue_access.ts)',
    who: 'registrar',
    code: 'QUEUE_NOT_YOURS',
    call: (a, s) => a.get(`/api/queue/today?specialist_id=${s.doctorId}`),
  },
  {
    name: 'GET /api/queue/poster.pdf',
    who: 'registrar',
    call: (a, s) => a.get(`/api/queue/poster.pdf?specialist_id=${s.doctorId}&lang=ru`),
  },
  {
    name: 'POST /api/schedule/closures',
    who: 'registrar',
    call: (a, s) => a.post('/api/schedule/closures', { doctor_id: s.doctorId, day: '2026-03-09' }),
  },
  {
    name: 'PATCH /api/visits/:id',
    who: 'registrar',
    call: (a, s) => a.patch(`/api/visits/${s.visitId}`, { note: 'поправка' }),
  },
  {
    name: 'POST /api/queue/call/:entryId (queue_access.ts)',
    who: 'registrar',
    code: 'QUEUE_NOT_YOURS',
    call: (a, s) => a.post(`/api/queue/call/${s.entryId}`),
  },
  /* Last: it ends the visit's day at the desk. */
  {
    name: 'PATCH /api/visits/:id/status',
    who: 'registrar',
    call: (a, s) => a.patch(`/api/visits/${s.visitId}/status`, { status: 'no_show' }),
  },
]

/** What a refused write must leave as it was. */
async function snapshot(tenant: Tenant, side: Side) {
  return inTenant(tenant, async () => {
    const payment = await Payment.findOrFail(side.paymentId)
    const visit = await Visit.findOrFail(side.visitId)
    return {
      payment: [payment.status, payment.amount, payment.refundedAmount],
      refunds: (await PaymentRefund.query().where('payment_id', side.paymentId)).length,
      payments: (await Payment.query().where('visit_id', side.visitId)).length,
      visit: [visit.status, visit.paymentStatus, visit.note, visit.total],
      tickets: (
        await QueueEntry.query().whereIn(
          'queue_id',
          DailyQueue.query().where('doctor_id', side.doctorId).select('id')
        )
      ).length,
      closures: (await BookingClosure.query().where('doctor_id', side.doctorId)).length,
      opened: (await DailyQueue.query().where('doctor_id', side.doctorId).whereNotNull('opened_at'))
        .length,
    }
  })
}

test.group('Security F7: branch scope on every branch-owned resource', (group) => {
  group.each.setup(() => {
    setLocalTime(`${DAY}T08:30:00`)
    return () => clock.reset()
  })
  group.each.timeout(120_000)

  test('route × branch: a user tied to branch 1 is refused every branch-2 resource and changes nothing, and works on branch 1', async ({
    client,
    assert,
  }) => {
    const clinic = await twoBranches(client)
    const before = await snapshot(clinic.tenant, clinic.there)
    const failures: string[] = []
    for (const route of ROUTES) {
      const refused = await route.call(clinic[route.who], clinic.there)
      const code = route.code ?? 'BRANCH_FORBIDDEN'
      if (refused.status() !== 403 || refused.body()?.error?.code !== code) {
        failures.push(
          `${route.name} on branch 2: ${refused.status()} ${refused.text().slice(0, 120)}`
        )
      }
    }
    assert.deepEqual(failures, [], 'refused on branch 2')
    assert.deepEqual(await snapshot(clinic.tenant, clinic.there), before, 'branch 2 unchanged')
    const payment = await inTenant(clinic.tenant, () => Payment.findOrFail(clinic.there.paymentId))
    assert.equal(payment.status, 'paid', 'the refused refund leaves the payment paid')

    for (const route of ROUTES) {
      const allowed = await route.call(clinic[route.who], clinic.here)
      if (allowed.status() < 200 || allowed.status() > 299) {
        failures.push(
          `${route.name} on branch 1: ${allowed.status()} ${allowed.text().slice(0, 120)}`
        )
      }
    }
    assert.deepEqual(failures, [], 'allowed on branch 1')
  })

  test('lists and exports hold branch 1 only for a branch-1 user, both branches for a user without one; asking for branch 2 is 403', async ({
    client,
    assert,
  }) => {
    const clinic = await twoBranches(client)
    const { here, there } = clinic
    const visitsOf = (rows: any[]) => rows.map((row) => row.visit_id ?? row.id).sort()

    for (const api of [clinic.registrar, clinic.cashier]) {
      const desk = await api.get(`/api/payments/desk/visits?date=${DAY}`)
      desk.assertStatus(200)
      assert.deepEqual(visitsOf(desk.body().data), [here.visitId])
    }
    const registry = await clinic.registrar.get(`/api/registry?date=${DAY}`)
    registry.assertStatus(200)
    assert.deepEqual(visitsOf(registry.body().data), [here.visitId])
    assert.equal(registry.body().meta.total, 1)

    const calendar = await clinic.registrar.get(`/api/calendar?from=${DAY}&to=${DAY}`)
    calendar.assertStatus(200)
    assert.deepEqual(visitsOf(calendar.body().visits), [here.visitId])

    const csv = await clinic.registrar.get(`/api/registry/export.csv?date=${DAY}`)
    csv.assertStatus(200)
    assert.include(csv.text(), HERE_PATIENT)
    assert.notInclude(csv.text(), THERE_PATIENT)

    const pdf = await clinic.registrar.get(`/api/registry/export.pdf?date=${DAY}&lang=ru`)
    pdf.assertStatus(200)
    const text = pdfText(pdf.body()).text.replace(/\s+/g, '')
    assert.include(text, 'Юсупова')
    assert.notInclude(text, 'Каримов')

    const summary = await clinic.cashier.get(`/api/payments/summary?from=${DAY}&to=${DAY}`)
    summary.assertStatus(200)
    assert.deepEqual(
      summary.body().data.map((row: any) => row.branch_id),
      [here.branchId]
    )

    /* Naming the other branch is refused, not quietly answered. */
    for (const url of [
      `/api/registry?date=${DAY}&branch_id=${there.branchId}`,
      `/api/registry/export.csv?date=${DAY}&branch_id=${there.branchId}`,
      `/api/registry/export.pdf?date=${DAY}&branch_id=${there.branchId}`,
      `/api/calendar?from=${DAY}&to=${DAY}&branch_id=${there.branchId}`,
      `/api/payments/summary?from=${DAY}&to=${DAY}&branch_id=${there.branchId}`,
    ]) {
      const refused = await clinic.registrar.get(url)
      assert.equal(refused.status(), 403, url)
      assert.equal(refused.body().error.code, 'BRANCH_FORBIDDEN', url)
    }

    /* Clinic-wide users (the admin, a registrar without a branch) see both. */
    for (const api of [clinic.admin, clinic.registrar2]) {
      const all = await api.get(`/api/registry?date=${DAY}`)
      assert.deepEqual(visitsOf(all.body().data), [here.visitId, there.visitId].sort())
      const desk = await api.get(`/api/payments/desk/visits?date=${DAY}`)
      assert.deepEqual(visitsOf(desk.body().data), [here.visitId, there.visitId].sort())
      const allCsv = (await api.get(`/api/registry/export.csv?date=${DAY}`)).text()
      assert.include(allCsv, THERE_PATIENT)
      ;(await api.get(`/api/payments/desk/visits/${there.visitId}`)).assertStatus(200)
      ;(await api.get(`/api/payments/${there.paymentId}`)).assertStatus(200)
    }
    const both = await clinic.admin.get(`/api/payments/summary?from=${DAY}&to=${DAY}`)
    assert.sameMembers(
      both.body().data.map((row: any) => row.branch_id),
      [here.branchId, there.branchId]
    )
  })

  test('a clinic-wide user with refunds may refund a branch-2 payment; a branch-1 user may not register a visit to a branch-2 doctor', async ({
    client,
    assert,
  }) => {
    const clinic = await twoBranches(client)
    const refund = await clinic.admin.post(`/api/payments/${clinic.there.paymentId}/refund`, {
      amount: 1_000_00,
    })
    refund.assertStatus(200)

    const otherDoctor = await inTenant(clinic.tenant, () =>
      Doctor.query().where('branch_id', clinic.there.branchId).firstOrFail()
    )
    const count = () => inTenant(clinic.tenant, async () => (await Visit.all()).length)
    const visits = await count()
    const refused = await clinic.registrar.post('/api/registry/rows', {
      patient: { fio: 'Новый Пациент', birth_year: 2000 },
      doctor_id: otherDoctor.id,
    })
    assert.equal(refused.status(), 403)
    assert.equal(refused.body().error.code, 'BRANCH_FORBIDDEN')
    assert.equal(await count(), visits, 'no visit written')

    /* Nor move a branch-1 visit to a branch-2 doctor by correcting it. */
    const moved = await clinic.registrar.patch(`/api/visits/${clinic.here.visitId}`, {
      doctor_id: otherDoctor.id,
    })
    assert.equal(moved.status(), 403)
    assert.equal(moved.body().error.code, 'BRANCH_FORBIDDEN')
    const kept = await inTenant(clinic.tenant, () => Visit.findOrFail(clinic.here.visitId))
    assert.notEqual(kept.doctorId, otherDoctor.id, 'the visit keeps its doctor')

    /* The registry page works the user's branch: its doctors, its live channel. */
    const page = (
      await (await panelSession(client, clinic.tenant, 'registrar')).get('/registry')
    ).body().props
    assert.equal(page.branchId, clinic.here.branchId)
    assert.notInclude(
      page.doctors.map((doctor: any) => doctor.id),
      otherDoctor.id
    )
    assert.isTrue(page.doctors.every((doctor: any) => doctor.branch_id === clinic.here.branchId))
    ;(
      await clinic.registrar2.post('/api/registry/rows', {
        patient: { fio: 'Новый Пациент', birth_year: 2000 },
        doctor_id: otherDoctor.id,
      })
    ).assertStatus(201)
  })

  test('the branch is set, cleared and checked through the admin API and offered on the Users page', async ({
    client,
    assert,
  }) => {
    const clinic = await twoBranches(client)
    const created = await clinic.admin.post('/api/admin/users', {
      login: 'desk-b2',
      password: 'Desk-pass-42',
      roles: ['registrar'],
      branch_id: clinic.there.branchId,
    })
    created.assertStatus(201)
    assert.equal(created.body().branch_id, clinic.there.branchId)
    const bad = await clinic.admin.put(`/api/admin/users/${created.body().id}`, {
      branch_id: 999_999,
    })
    bad.assertStatus(422)
    const cleared = await clinic.admin.put(`/api/admin/users/${created.body().id}`, {
      branch_id: null,
    })
    cleared.assertStatus(200)
    assert.isNull(cleared.body().branch_id)
    const listed = (await clinic.admin.get('/api/admin/users')).body()
    const registrar = listed.find((user: any) => user.login === 'registrar')
    assert.equal(registrar.branch_id, clinic.here.branchId)

    /* The Users page offers the branches to choose from and shows each user's. */
    const page = await panelSession(client, clinic.tenant, 'admin')
    const props = (await page.get('/admin/users')).body().props
    assert.sameMembers(
      props.branches.map((branch: any) => branch.id),
      [clinic.here.branchId, clinic.there.branchId]
    )
    assert.equal(
      props.users.find((user: any) => user.login === 'cashier').branch_id,
      clinic.here.branchId
    )
  })
})
