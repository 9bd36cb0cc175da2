import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import AuditLog from '#models/audit_log'
import Branch from '#models/branch'
import QueueEntry from '#models/queue_entry'
import Role from '#models/role'
import User from '#models/user'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { SYSTEM_ROLES } from '#services/permission_catalog'
import type { RegistryEvent } from '#services/registry/registry_events'
import { currentTenantOrFail } from '#tenants/context'
import type Tenant from '#tenants/models/tenant'
import { grantQueueCallAny } from '#database/migrations/tenant/1764000004002_queue_call_any_permission'
import { apiToken } from '#tests/helpers/api'
import { deskRow, subscribe } from '#tests/helpers/boards'
import { setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { SseClient } from '#tests/helpers/sse'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'

/**
 * Issue 22: a doctor works their own queue only (the calling API, today's
 * list and the live channel); another doctor's queue needs `queue.call_any`,
 * which the registrar and admin roles have.
 */
async function clinic(client: Parameters<typeof staffApi>[0]) {
  const tenant = await createTestTenant('own')
  const { doctors } = await setupRegistry(tenant)
  const desk = await staffApi(client, tenant)
  const mine = await deskRow(desk, doctors.therapy.id, 'Свой Пациент', '+998901110001')
  const theirs = await deskRow(desk, doctors.cardiology.id, 'Чужой Пациент', '+998901110002')
  const theirsToo = await deskRow(desk, doctors.cardiology.id, 'Чужой Второй', '+998901110003')
  return { tenant, doctors, desk, mine, theirs, theirsToo }
}

/** A user with one role of the given codes. */
async function userWithRole(tenant: Tenant, login: string, codes: string[], doctorId?: number) {
  await inTenant(tenant, async () => {
    const role = await Role.create({ name: `role_${login}`, isSystem: false, permissions: codes })
    const user = await User.create({
      login,
      fullName: login,
      password: TEST_PASSWORD,
      isActive: true,
      doctorId: doctorId ?? null,
    })
    await user.related('roles').attach([role.id])
  })
}

/** The tickets, their visits and the queue audit rows: what a refused call must leave alone. */
function snapshot(tenant: Tenant) {
  return inTenant(tenant, async () => ({
    entries: (await QueueEntry.query().orderBy('id')).map((e) => [
      e.id,
      e.status,
      e.calledAt?.toISO() ?? null,
      e.queueId,
    ]),
    visits: (await Visit.query().orderBy('id')).map((v) => [v.id, v.status, v.doctorId]),
    audits: (await AuditLog.query().where('event', 'like', 'queue.%')).length,
  }))
}

test.group('Queue: a doctor works their own queue', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test("a doctor lists, calls and moves their own patients, and no other doctor's", async ({
    client,
    assert,
  }) => {
    const { tenant, doctors, mine, theirs } = await clinic(client)
    const doctor = await staffApi(client, tenant, 'doctor')

    const today = await doctor.get(`/api/queue/today?specialist_id=${doctors.therapy.id}`)
    today.assertStatus(200)
    assert.deepEqual(
      today.body().entries.map((e: any) => e.patient_name),
      ['Свой Пациент']
    )
    ;(await doctor.post(`/api/queue/call/${mine.entry_id}`)).assertBodyContains({
      status: 'called',
    })
    ;(await doctor.post(`/api/queue/entries/${mine.entry_id}/skip`)).assertStatus(200)
    ;(await doctor.post(`/api/queue/entries/${mine.entry_id}/return`)).assertStatus(200)
    const next = await doctor.post('/api/queue/call-next', { specialist_id: doctors.therapy.id })
    next.assertStatus(200)
    assert.include(next.body(), { id: mine.entry_id, status: 'called' })
    ;(await doctor.post(`/api/queue/entries/${mine.entry_id}/start`)).assertBodyContains({
      status: 'in_progress',
    })
    ;(await doctor.post(`/api/queue/call/${theirs.entry_id}`)).assertStatus(403)
  })

  test("another doctor's queue answers 403 QUEUE_NOT_YOURS in the user's language and nothing changes", async ({
    client,
    assert,
  }) => {
    const { tenant, doctors, theirs } = await clinic(client)
    const doctor = await staffApi(client, tenant, 'doctor')
    const before = await snapshot(tenant)
    const events: RegistryEvent[] = []
    const listener = (event: RegistryEvent) => events.push(event)
    emitter.on('registry:event', listener)
    try {
      const refusals = [
        await doctor.get(`/api/queue/today?specialist_id=${doctors.cardiology.id}`),
        await doctor.post('/api/queue/call-next', { specialist_id: doctors.cardiology.id }),
        await doctor.post(`/api/queue/call/${theirs.entry_id}`),
        ...(await Promise.all(
          ['recall', 'skip', 'freeze', 'return', 'start', 'finish'].map((action) =>
            doctor.post(`/api/queue/entries/${theirs.entry_id}/${action}`)
          )
        )),
        await doctor.post(`/api/queue/entries/${theirs.entry_id}/transfer`, {
          doctor_id: doctors.therapy.id,
        }),
      ]
      assert.deepEqual(
        refusals.map((r) => `${r.status()} ${r.body().error?.code}`),
        Array(refusals.length).fill('403 QUEUE_NOT_YOURS')
      )
    } finally {
      emitter.clearListener('registry:event', listener)
    }
    assert.deepEqual(events, [], 'nothing published')
    assert.deepEqual(await snapshot(tenant), before, 'no ticket, visit or audit row changed')

    const messages: Record<string, string> = {
      ru: 'очередь другого врача',
      uz: 'boshqa shifokorning navbati',
      en: "another doctor's queue",
    }
    for (const [locale, text] of Object.entries(messages)) {
      const refused = await doctor
        .post(`/api/queue/call/${theirs.entry_id}`)
        .header('accept-language', locale)
      assert.include(refused.body().error.message, text)
    }
  })

  test("registrars and admins call any doctor's patients; a doctor does not", async ({
    client,
    assert,
  }) => {
    const { tenant, doctors, desk, mine, theirs } = await clinic(client)
    const doctor = await staffApi(client, tenant, 'doctor')
    ;(await doctor.post(`/api/queue/call/${theirs.entry_id}`)).assertStatus(403)
    ;(await desk.post(`/api/queue/call/${theirs.entry_id}`)).assertBodyContains({
      status: 'called',
    })
    ;(await desk.post(`/api/queue/call/${mine.entry_id}`)).assertBodyContains({
      status: 'called',
    })
    ;(await desk.get(`/api/queue/today?specialist_id=${doctors.cardiology.id}`)).assertStatus(200)
    const admin = await staffApi(client, tenant, 'admin')
    const next = await admin.post('/api/queue/call-next', { specialist_id: doctors.cardiology.id })
    next.assertStatus(200)
    assert.equal(next.body().patient_name, 'Чужой Второй')
    ;(await admin.post(`/api/queue/entries/${theirs.entry_id}/skip`)).assertStatus(200)
  })

  test('staff with queue.call but no doctor link work no queue until given queue.call_any', async ({
    client,
    assert,
  }) => {
    const { tenant, doctors, mine, theirs } = await clinic(client)
    await userWithRole(tenant, 'nurse', ['dashboard.view', 'queue.call'])
    const nurse = await staffApi(client, tenant, 'nurse')
    for (const response of [
      await nurse.post(`/api/queue/call/${mine.entry_id}`),
      await nurse.post(`/api/queue/call/${theirs.entry_id}`),
      await nurse.get(`/api/queue/today?specialist_id=${doctors.therapy.id}`),
    ]) {
      response.assertStatus(403)
      assert.equal(response.body().error.code, 'QUEUE_NOT_YOURS')
    }

    await inTenant(tenant, async () => {
      const role = await Role.findByOrFail('name', 'role_nurse')
      role.permissions = [...role.permissions, 'queue.call_any']
      await role.save()
    })
    ;(await nurse.post(`/api/queue/call/${theirs.entry_id}`)).assertStatus(200)
  })

  test('a registrar tied to a branch works the queues of that branch only', async ({ client }) => {
    const { tenant, theirs } = await clinic(client)
    await inTenant(tenant, async () => {
      const other = await Branch.create({ name: 'Чиланзар', timezone: 'Asia/Tashkent' })
      await User.query().where('login', 'registrar2').update({ branch_id: other.id })
    })
    const elsewhere = await staffApi(client, tenant, 'registrar2')
    const refused = await elsewhere.post(`/api/queue/call/${theirs.entry_id}`)
    refused.assertStatus(403)
    refused.assertBodyContains({ error: { code: 'QUEUE_NOT_YOURS' } })
  })

  test("the live channel of another doctor's queue is refused to a doctor, open to a registrar", async ({
    client,
    assert,
  }) => {
    const { tenant, doctors } = await clinic(client)
    const channel = (id: number) => `tenant/${tenant.id}/doctor/${id}/queue`
    const doctor = await apiToken(client, tenant, 'doctor')
    const registrar = await apiToken(client, tenant, 'registrar')
    await userWithRole(tenant, 'nurse', ['dashboard.view', 'queue.call'])
    const nurse = await apiToken(client, tenant, 'nurse')
    const sse = new SseClient(hostOf(tenant))
    await sse.open()
    try {
      const status = async (id: number, token: string) =>
        (await subscribe(client, tenant, sse, channel(id), { token })).status()
      const answers = {
        own: await status(doctors.therapy.id, doctor),
        other: await status(doctors.cardiology.id, doctor),
        registrar: await status(doctors.cardiology.id, registrar),
        nurse: await status(doctors.therapy.id, nurse),
      }
      assert.deepEqual(answers, { own: 204, other: 403, registrar: 204, nurse: 403 })
    } finally {
      sse.close()
    }
  })
})

test.group('Queue: queue.call_any in existing tenants', () => {
  test('the registrar role gets queue.call_any by default and in a tenant made before', async ({
    assert,
  }) => {
    assert.include(SYSTEM_ROLES.find((r) => r.name === 'registrar')!.permissions, 'queue.call_any')
    assert.notInclude(SYSTEM_ROLES.find((r) => r.name === 'doctor')!.permissions, 'queue.call_any')

    const tenant = await createTestTenant('own')
    const codes = await inTenant(tenant, async () => {
      /* The roles as a tenant made before the code had them. */
      const registrar = await Role.findByOrFail('name', 'registrar')
      registrar.permissions = registrar.permissions.filter((c) => c !== 'queue.call_any')
      await registrar.save()
      await Role.createMany([
        { name: 'desk', isSystem: false, permissions: ['registry.write', 'queue.call'] },
        { name: 'nurse', isSystem: false, permissions: ['queue.call'] },
      ])
      const connection = db.connection(currentTenantOrFail().connectionName)
      await grantQueueCallAny(connection)
      await grantQueueCallAny(connection)
      const roles = await Role.query().orderBy('name')
      return Object.fromEntries(roles.map((r) => [r.name, r.permissions]))
    })
    assert.equal(codes.registrar.filter((c: string) => c === 'queue.call_any').length, 1)
    assert.include(codes.desk, 'queue.call_any')
    assert.notInclude(codes.nurse, 'queue.call_any')
    assert.notInclude(codes.doctor, 'queue.call_any')
    assert.deepEqual(codes.admin, ['*'])
  })
})
