import { test } from '@japa/runner'
import type { Page } from 'playwright'
import QueueEntry from '#models/queue_entry'
import Role from '#models/role'
import User from '#models/user'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { setupRegistry, staffApi } from '#tests/helpers/registry'
import { deskRow } from '#tests/helpers/boards'
import { clinicUrl } from '#tests/helpers/browser'

/**
 * Issue 22: the doctor's panel /doctor/queue shows a doctor their own queue
 * alone (no picker of other doctors, whatever the browser remembers); a
 * registrar still picks any doctor of the branch.
 */
async function signIn(visit: (url: string) => Promise<Page>, tenant: Tenant, login: string) {
  const page = await visit(clinicUrl(tenant.slug, '/login'))
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.fill('#login', login)
  await page.fill('#password', TEST_PASSWORD)
  await page.press('#password', 'Enter')
  await page.waitForURL('**/dashboard')
  return page
}

test.group("Doctor's queue page", () => {
  test('a doctor sees only their own queue and F2 calls their own next patient', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('dqp')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const mine = await deskRow(desk, doctors.therapy.id, 'Свой Пациент', '+998901120001')
    const theirs = await deskRow(desk, doctors.cardiology.id, 'Чужой Пациент', '+998901120002')

    const page = await signIn(visit, tenant, 'doctor')
    /* The workstation last showed the cardiologist's queue to a registrar. */
    await page.evaluate(`localStorage.setItem('doctor-queue.doctor', '${doctors.cardiology.id}')`)
    await page.goto(clinicUrl(tenant.slug, '/doctor/queue'))
    await page.waitForSelector('[data-testid="dq-entry-1"] >> text=Свой Пациент')
    assert.include(await page.locator('[data-testid="dq-own-doctor"]').innerText(), 'Рахимов Азиз')
    assert.equal(await page.locator('[data-testid="dq-doctor"]').count(), 0, 'no doctor picker')
    assert.notInclude(await page.locator('body').innerText(), 'Чужой Пациент')

    await page.keyboard.press('F2')
    await page.waitForSelector('[data-testid="dq-recall-1"]')
    const statuses = await inTenant(tenant, async () => ({
      mine: (await QueueEntry.findOrFail(mine.entry_id)).status,
      theirs: (await QueueEntry.findOrFail(theirs.entry_id)).status,
    }))
    assert.deepEqual(statuses, { mine: 'called', theirs: 'waiting' })
  })

  test('a registrar picks any doctor of the branch', async ({ visit, client }) => {
    const tenant = await createTestTenant('dqp')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    await deskRow(desk, doctors.cardiology.id, 'Чужой Пациент', '+998901120003')

    const page = await signIn(visit, tenant, 'registrar')
    await page.goto(clinicUrl(tenant.slug, '/doctor/queue'))
    await page.click('[data-testid="dq-doctor"]')
    await page.click('.p-select-option >> text=Исмоилова Нигора')
    await page.waitForSelector('[data-testid="dq-entry-1"] >> text=Чужой Пациент')
  })

  test('staff who call patients but are no doctor and may not call for others get no queue', async ({
    visit,
    assert,
  }) => {
    const tenant = await createTestTenant('dqp')
    await setupRegistry(tenant)
    await inTenant(tenant, async () => {
      const role = await Role.create({
        name: 'nurse',
        isSystem: false,
        permissions: ['dashboard.view', 'queue.call'],
      })
      const nurse = await User.create({
        login: 'nurse',
        fullName: 'nurse',
        password: TEST_PASSWORD,
        isActive: true,
      })
      await nurse.related('roles').attach([role.id])
    })

    const nurse = await signIn(visit, tenant, 'nurse')
    await nurse.goto(clinicUrl(tenant.slug, '/doctor/queue'))
    await nurse.waitForSelector('[data-testid="dq-no-queue"]')
    assert.equal(await nurse.locator('[data-testid="dq-call-next"]').count(), 0)
    assert.equal(await nurse.locator('[data-testid="dq-doctor"]').count(), 0)
  })
})
