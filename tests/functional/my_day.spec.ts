import { test } from '@japa/runner'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import { clock } from '#services/clock'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { panelSession } from '#tests/helpers/panel_session'
import { setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { deskRow } from '#tests/helpers/boards'

/** The home page's props as the panel gets them (Inertia JSON). */
async function homeOf(client: Parameters<typeof panelSession>[0], tenant: any, login: string) {
  const session = await panelSession(client, tenant, login)
  const page = await session.get('/dashboard')
  page.assertStatus(200)
  return page.body().props
}

/** Issue 22 item 9: the doctor's and the lab's home page show their day, not an empty shell. */
test.group('Home page: my day', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T09:00:00')
    return () => clock.reset()
  })

  test('a doctor sees their own queue: who is called, who waits next, the counts', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('day')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const first = await deskRow(desk, doctors.therapy.id, 'Каримова Дилноза', '+998901234601')
    await deskRow(desk, doctors.therapy.id, 'Юсупов Тимур', '+998901234602')
    await deskRow(desk, doctors.therapy.id, 'Алиева Мадина', '+998901234603')
    await deskRow(desk, doctors.cardiology.id, 'Чужой Пациент', '+998901234604')
    ;(await desk.post(`/api/queue/call/${first.entry_id}`)).assertStatus(200)

    const props = await homeOf(client, tenant, 'doctor')
    assert.lengthOf(props.myDay, 1)
    const day = props.myDay[0]
    assert.equal(day.specialist.id, doctors.therapy.id)
    assert.include(day, { waiting: 2, called: 1, in_progress: 0, done: 0 })
    assert.deepEqual(
      day.next.map((entry: any) => [entry.ticket, entry.status, entry.patient_name]),
      [
        ['T-1', 'called', 'Каримова Дилноза'],
        ['T-2', 'waiting', 'Юсупов Тимур'],
        ['T-3', 'waiting', 'Алиева Мадина'],
      ]
    )
  })

  test("lab staff see the lab's queue; a registrar has no 'my day'", async ({ client, assert }) => {
    const tenant = await createTestTenant('day')
    await setupRegistry(tenant)
    const lab = await inTenant(tenant, async () =>
      Doctor.create({
        fullName: 'Лаборатория',
        specialty: 'lab',
        cabinet: '001',
        branchId: (await Branch.findByOrFail('is_default', true)).id,
        priceDefault: 0,
        active: true,
      })
    )
    const desk = await staffApi(client, tenant)
    await deskRow(desk, lab.id, 'Ким Елена', '+998901234611')

    const labDay = (await homeOf(client, tenant, 'lab')).myDay
    assert.lengthOf(labDay, 1)
    assert.include(labDay[0], { waiting: 1 })
    assert.equal(labDay[0].next[0].ticket, 'L-1')
    assert.deepEqual((await homeOf(client, tenant, 'registrar')).myDay, [])
  })
})
