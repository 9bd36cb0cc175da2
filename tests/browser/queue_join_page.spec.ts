import { mkdirSync } from 'node:fs'
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import Branch from '#models/branch'
import DailyQueue from '#models/daily_queue'
import Doctor from '#models/doctor'
import QueueEntry from '#models/queue_entry'
import { clock } from '#services/clock'
import { signQueueToken } from '#services/queue/queue_token'
import receptionService from '#services/queue/reception_service'
import settingsService from '#services/settings/settings_service'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { clinicUrl } from '#tests/helpers/browser'

/**
 * The patient's QR page /q/<token> on a phone. The test server runs in this
 * process, so `clock.set` moves the clinic's time around the 07:00 window.
 * With SCREENSHOTS=1 every state is saved to tmp/screenshots in ru and uz.
 */
const ZONE = 'Asia/Tashkent'
const DAY = '2026-03-12'
const PHONE_VIEWPORT = { width: 390, height: 844 }
const SHOTS = process.env.SCREENSHOTS ? 'tmp/screenshots' : null

async function openPage(visit: (url: string) => Promise<Page>, url: string): Promise<Page> {
  const page = await visit(url)
  await page.setViewportSize(PHONE_VIEWPORT)
  await settled(page)
  return page
}

/** The join-status answer has arrived (the state block is no longer "loading"). */
async function settled(page: Page) {
  await page.waitForSelector('[data-testid="join-page"]:not([data-state="loading"])')
}

async function stateTitle(page: Page) {
  return (await page.textContent('[data-testid="join-state-title"]'))?.trim()
}

async function snap(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.evaluate('document.fonts.ready')
  await page.screenshot({ path: `${SHOTS}/queue-join-${name}.png`, fullPage: true })
}

/** Screenshots of the current state in Russian and Uzbek (fresh pages, same storage). */
async function snapBoth(visit: (url: string) => Promise<Page>, url: string, name: string) {
  if (!SHOTS) return
  for (const lang of ['ru', 'uz']) {
    const page = await openPage(visit, `${url}?lang=${lang}`)
    await snap(page, `${name}-${lang}`)
    await page.close()
  }
}

test.group('Public queue page /q/:token', (group) => {
  let tenant: Tenant
  let token: string
  let doctorId: number

  group.setup(async () => {
    tenant = await createTestTenant('qjp')
    const created = await inTenant(tenant, async () => {
      const branch = await Branch.findByOrFail('is_default', true)
      const doctor = await Doctor.create({
        fullName: 'Рахимов Азиз Бахтиёрович',
        specialty: 'therapy',
        cabinet: '101',
        branchId: branch.id,
        priceDefault: 0,
        active: true,
      })
      clock.set(`${DAY}T05:00:00`, ZONE)
      return {
        doctorId: doctor.id,
        token: signQueueToken({ branchId: branch.id, day: DAY, doctorId: doctor.id }, ZONE),
      }
    })
    token = created.token
    doctorId = created.doctorId
    return () => clock.reset()
  })

  test('before 07:00 the page says when it opens; then a number is issued and survives a reload', async ({
    visit,
    assert,
  }) => {
    const url = clinicUrl(tenant.slug, `/q/${token}`)

    clock.set(`${DAY}T06:30:00`, ZONE)
    let page = await openPage(visit, `${url}?lang=ru`)
    await page.assertTextContains('[data-testid="join-clinic"]', tenant.name)
    await page.assertText('[data-testid="join-specialist"]', 'Терапевт')
    await page.assertTextContains('[data-testid="join-day"]', '12 марта 2026')
    assert.equal(await stateTitle(page), 'Откроется в 07:00')
    assert.isTrue(await page.isDisabled('[data-testid="join-submit"]'))
    await page.assertTextContains('[data-testid="join-submit"]', 'Кнопка заработает в 07:00')
    await snap(page, 'not-open-yet-ru')
    await page.close()
    await snapBoth(visit, url, 'not-open-yet')

    clock.set(`${DAY}T07:00:00`, ZONE)
    page = await openPage(visit, `${url}?lang=ru`)
    assert.equal(await stateTitle(page), 'Запись открыта')
    await snapBoth(visit, url, 'open')

    /* An incomplete phone is caught on the page. */
    await page.fill('[data-testid="join-phone"]', '90 123')
    await page.click('[data-testid="join-submit"]')
    await page.assertText('[data-testid="join-phone-error"]', 'Введите номер телефона полностью')

    /* Pasting a full international number keeps the national digits, grouped. */
    await page.fill('[data-testid="join-phone"]', '+998 (90) 123-45-67')
    await page.assertInputValue('[data-testid="join-phone"]', '90 123 45 67')
    await page.fill('[data-testid="join-name"]', 'Дилноза')
    await page.click('[data-testid="join-submit"]')
    await page.waitForSelector('[data-testid="join-issued"]')
    await page.assertText('[data-testid="join-headline"]', 'Получен №T-1')
    await page.assertText('[data-testid="join-number"]', '№\u00a0T-1')
    await page.assertText('[data-testid="join-phone-masked"]', 'Телефон: +998 90 ••• •• 67')
    await page.assertTextContains('[data-testid="join-memo"]', 'Придите с номером к открытию')
    await page.assertNotExists('[data-testid="join-form"]')
    await snapBoth(visit, url, 'issued')

    const entry = await inTenant(tenant, () =>
      QueueEntry.query().where('phone', '+998901234567').firstOrFail()
    )
    assert.equal(entry.number, 1)
    assert.equal(entry.source, 'online')
    assert.equal(entry.patientName, 'Дилноза')

    /* A reload shows the number from localStorage. */
    await page.reload()
    await settled(page)
    await page.assertText('[data-testid="join-headline"]', 'Получен №T-1')
    await page.assertText('[data-testid="join-number"]', '№\u00a0T-1')
  })

  test('the same phone again, from a fresh phone: "already registered" with the same number', async ({
    visit,
    assert,
  }) => {
    clock.set(`${DAY}T07:10:00`, ZONE)
    const url = clinicUrl(tenant.slug, `/q/${token}`)
    const page = await openPage(visit, `${url}?lang=uz`)
    await page.evaluate('localStorage.clear()')
    await page.reload()
    await settled(page)
    assert.equal(await stateTitle(page), 'Yozilish ochiq')
    await page.fill('[data-testid="join-phone"]', '901234567')
    await page.click('[data-testid="join-submit"]')
    await page.waitForSelector('[data-testid="join-issued"]')
    await page.assertText('[data-testid="join-headline"]', 'Siz allaqachon yozilgansiz, №T-1')
    await page.assertTextContains('[data-testid="join-memo"]', 'raqamingiz bilan keling')
    await snapBoth(visit, url, 'duplicate')

    const count = await inTenant(
      tenant,
      async () => (await QueueEntry.query().count('* as total').first())!.$extras.total
    )
    assert.equal(Number(count), 1, 'no second entry')

    /* Another phone from the same device gets the next number; both stay listed. */
    await page.click('[data-testid="join-another"]')
    await page.fill('[data-testid="join-phone"]', '93 765 43 21')
    await page.click('[data-testid="join-submit"]')
    await page.waitForFunction(
      `document.querySelector('[data-testid="join-number"]')?.textContent.includes('2')`
    )
    await page.assertText('[data-testid="join-headline"]', '№T-2 raqami olindi')
    await page.assertTextContains('.qj-ticket__earlier', '№\u00a0T-1')
  })

  test('no places left, then closed by the front desk', async ({ visit, assert }) => {
    clock.set(`${DAY}T07:20:00`, ZONE)
    const url = clinicUrl(tenant.slug, `/q/${token}`)
    await inTenant(tenant, () =>
      settingsService.update({ 'queue.online_max_per_day.therapy': 2 }, undefined)
    )
    let page = await openPage(visit, `${url}?lang=ru`)
    await page.evaluate('localStorage.clear()')
    await page.reload()
    await settled(page)
    assert.equal(await stateTitle(page), 'Мест нет — попробуйте другой день')
    await page.assertNotExists('[data-testid="join-form"]')
    await snapBoth(visit, url, 'full')

    await inTenant(tenant, async () => {
      const queue = await DailyQueue.query().where('doctor_id', doctorId).firstOrFail()
      queue.openedAt = clock.now()
      await queue.save()
    })
    page = await openPage(visit, `${url}?lang=ru`)
    assert.equal(await stateTitle(page), 'Запись закрыта регистратурой')
    await page.assertNotExists('[data-testid="join-form"]')
    await snapBoth(visit, url, 'closed')
  })

  test('a join refused while the page was open switches the page to the refusal', async ({
    visit,
    assert,
  }) => {
    /* Reopen the window for this test: a new day's token, a queue with a place left. */
    clock.set('2026-03-13T07:00:00', ZONE)
    const fresh = await inTenant(tenant, async () => {
      const doctor = await Doctor.findOrFail(doctorId)
      return signQueueToken({ branchId: doctor.branchId, day: '2026-03-13', doctorId }, ZONE)
    })
    const url = clinicUrl(tenant.slug, `/q/${fresh}`)
    const page = await openPage(visit, `${url}?lang=en`)
    assert.equal(await stateTitle(page), 'Registration is open')

    /* The front desk opens reception while the patient types. */
    await inTenant(tenant, () =>
      receptionService.open({ day: '2026-03-13', specialist_id: doctorId })
    )
    await page.fill('[data-testid="join-phone"]', '901112233')
    await page.click('[data-testid="join-submit"]')
    await page.waitForSelector('[data-testid="join-state"][data-state="closed"]')
    assert.equal(await stateTitle(page), 'Registration closed by the front desk')
    await page.assertNotExists('[data-testid="join-issued"]')
  })

  test('a forged or foreign token shows the invalid QR message with 404', async ({
    visit,
    assert,
  }) => {
    const other = await createTestTenant('qjx')
    const foreign = await inTenant(other, async () => {
      const branch = await Branch.findByOrFail('is_default', true)
      return signQueueToken({ branchId: branch.id, day: DAY, doctorId: 1 }, ZONE)
    })
    for (const bad of ['not-a-token', `${token.slice(0, -4)}AAAA`, foreign]) {
      const url = clinicUrl(tenant.slug, `/q/${bad}`)
      const page = await visit(`${url}?lang=ru`)
      await page.setViewportSize(PHONE_VIEWPORT)
      await settled(page)
      assert.equal(await stateTitle(page), 'QR-код недействителен или устарел')
      await page.assertNotExists('[data-testid="join-form"]')
      await page.assertNotExists('[data-testid="join-specialist"]')
      await page.close()
    }
    const page = await visit(clinicUrl(tenant.slug, '/q/not-a-token'))
    const response = await page.reload()
    assert.equal(response?.status(), 404)
    await page.close()
    await snapBoth(visit, clinicUrl(tenant.slug, '/q/not-a-token'), 'invalid')
  })
})
