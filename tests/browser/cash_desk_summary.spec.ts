import { mkdirSync } from 'node:fs'
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import tenancyConfig from '#config/tenancy'
import { clock } from '#services/clock'
import { pdfText } from '#tests/helpers/pdf_text'
import Role from '#models/role'
import User from '#models/user'
import { createTestTenant, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { paymentClinic } from '#tests/helpers/payments'
import { setLocalTime } from '#tests/helpers/registry'
import { clinicUrl, logInAs } from '#tests/helpers/browser'

/** With SCREENSHOTS=1 the summary is saved (ru and uz, light and dark) to SCREENSHOTS_DIR or tmp/screenshots. */
const SCREENSHOTS = process.env.SCREENSHOTS
  ? (process.env.SCREENSHOTS_DIR ?? 'tmp/screenshots')
  : null

/** An element's text without spaces (money is grouped with non-breaking spaces). */
async function squeezedText(page: Page, selector: string) {
  const text = (await page.locator(selector).first().textContent()) ?? ''
  return text.replace(/[\s\u00a0\u202f]+/g, '')
}

/** The PDF behind a link, fetched with the page's session. */
async function fetchPdf(page: Page, url: string) {
  const answer = await page.evaluate(async (href) => {
    const response = await fetch(href, { credentials: 'same-origin' })
    const bytes = new Uint8Array(await response.arrayBuffer())
    let binary = ''
    for (const byte of bytes) binary += String.fromCharCode(byte)
    return `${response.headers.get('content-type')}|${btoa(binary)}`
  }, url)
  const [type, data] = answer.split('|')
  return { type, pdf: Buffer.from(data, 'base64') }
}

async function shot(page: Page, name: string) {
  if (!SCREENSHOTS) return
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true, timeout: 90_000 })
}

test.group('Cash desk: the registrar takes payments, the day summary', (group) => {
  group.setup(() => {
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true })
  })
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('the registrar opens the cash desk from the registry row and takes cash; refunds are not offered', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('dsum')
    const clinic = await paymentClinic(client, tenant)

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    const errors: string[] = []
    page.on('pageerror', (error) => !/WebSocket/.test(error.message) && errors.push(error.message))
    await logInAs(page, 'ru', 'registrar')
    await page.goto(clinicUrl(tenant.slug, '/registry'))
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
    await page.locator('tr.is-row [data-action="pay"]').first().click()
    await page.waitForURL(`**/cashier?visit_id=${clinic.visitId}`)
    await page.waitForSelector('[data-test="pay-form"]')
    assert.equal(await page.locator('[data-test="no-write"]').count(), 0, 'no "may not" notice')
    assert.isTrue(await page.locator('[data-test="take"]').isEnabled())
    assert.equal(await page.locator('[data-test="to-registry"]').count(), 1)
    await page.waitForSelector('[data-test="summary-empty"]')

    /* Keyboard: the amount has the focus; Enter takes the whole sum in cash. */
    await page.waitForFunction(`document.activeElement?.id === 'pay-amount'`)
    await page.keyboard.press('Enter')
    await page.waitForSelector('.p-toast-message-success:has-text("Оплата №")')
    await page.waitForSelector('.history__item:has-text("Оплачен")')
    assert.equal(await page.locator('.history__item button:has-text("Возврат")').count(), 0)

    /* The day summary follows at once. */
    await page.waitForSelector('[data-test="summary-drawer"]')
    assert.include(await squeezedText(page, '[data-test="summary-drawer"]'), '550000')
    assert.include(await squeezedText(page, '[data-test="summary-count"]'), '1')
    assert.deepEqual(errors, [])
  }).timeout(90_000)

  test('staff who may not open the cash desk see no "Pay" in the registry', async ({
    visit,
    client,
  }) => {
    const tenant = await createTestTenant('dsum')
    await paymentClinic(client, tenant)
    await inTenant(tenant, async () => {
      const role = await Role.create({
        name: 'viewer',
        isSystem: false,
        permissions: ['dashboard.view', 'registry.read'],
      })
      const user = await User.create({ login: 'viewer', password: TEST_PASSWORD, isActive: true })
      await user.related('roles').attach([role.id])
    })
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logInAs(page, 'ru', 'viewer')
    await page.goto(clinicUrl(tenant.slug, '/registry'))
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
    await page.waitForSelector('tr.is-row [data-action="print"]')
    await page.assertNotExists('tr.is-row [data-action="pay"]')
    await page.assertNotExists('[data-testid="action-pay"]')
  }).timeout(60_000)

  test('the cashier: no "To the registry", the day summary with its totals and PDF, another day by keyboard; ru and uz, light and dark', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('dsum')
    const clinic = await paymentClinic(client, tenant)
    const detail = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    const [consultation, echo] = detail.body().services
    const cash = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [consultation.id],
    })
    cash.assertStatus(201)
    ;(
      await clinic.cashier.post('/api/payments/cash', {
        visit_id: clinic.visitId,
        service_ids: [echo.id],
        method: 'card',
      })
    ).assertStatus(201)
    ;(
      await clinic.cashier.post(`/api/payments/${cash.body().id}/refund`, { amount: 50_000_00 })
    ).assertStatus(200)

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logInAs(page, 'ru', 'cashier')
    await page.goto(clinicUrl(tenant.slug, '/cashier'))
    await page.waitForSelector('[data-test="summary-drawer"]')
    assert.equal(await page.locator('[data-test="to-registry"]').count(), 0)
    assert.equal(await page.locator('a[href="/registry"]').count(), 0)

    const expected: [string, string][] = [
      ['summary-drawer', '200000'],
      ['summary-cash', '250000'],
      ['summary-card', '300000'],
      ['summary-online', '0'],
      ['summary-refunds', '50000'],
      ['summary-cash-refunds', '50000'],
      ['summary-count', '2'],
      ['summary-total', '500000'],
    ]
    for (const [name, sum] of expected) {
      assert.include(await squeezedText(page, `[data-test="${name}"]`), sum, name)
    }
    await page.assertTextContains('[data-test="day-summary"]', 'В кассе наличными')

    const href = await page.locator('[data-test="summary-pdf"]').getAttribute('href')
    assert.match(
      href!,
      /^\/api\/payments\/summary\.pdf\?from=2026-03-02&to=2026-03-02&branch_id=\d+&lang=ru$/
    )
    const pdf = await fetchPdf(page, href!)
    assert.equal(pdf.type, 'application/pdf')
    const text = pdfText(pdf.pdf).text.replace(/\s+/g, '').toLowerCase()
    assert.include(text, 'вкассе')
    assert.include(text, '200000')

    /* Another day typed in the day field: nothing paid then; "Today" comes back. */
    await page.click('#summary-day')
    await page.keyboard.press('Control+a')
    await page.keyboard.type('01.03.2026')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-test="summary-empty"]')
    await page.click('[data-test="summary-today"]')
    await page.waitForSelector('[data-test="summary-drawer"]')

    for (const [locale, theme] of [
      ['ru', 'light'],
      ['ru', 'dark'],
      ['uz', 'light'],
      ['uz', 'dark'],
    ]) {
      await page.context().addCookies([
        {
          name: 'locale',
          value: locale,
          domain: `${tenant.slug}.${tenancyConfig.appDomain}`,
          path: '/',
        },
      ])
      await page.evaluate((value) => localStorage.setItem('theme', value), theme)
      await page.goto(clinicUrl(tenant.slug, `/cashier?visit_id=${clinic.visitId}`))
      await page.waitForSelector('[data-test="summary-drawer"]')
      await page.waitForSelector('[data-test="visit-header"]')
      if (locale === 'uz')
        await page.assertTextContains('[data-test="day-summary"]', 'Kassada naqd')
      await shot(page, `cash_desk_summary_${locale}_${theme}`)
    }
  }).timeout(120_000)
})
