import { mkdirSync } from 'node:fs'
import { test } from '@japa/runner'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { clinicUrl, logInAs } from '#tests/helpers/browser'

const SCREENSHOTS = 'tmp/screenshots'

test.group('Settings page: payment providers', (group) => {
  group.setup(() => {
    mkdirSync(SCREENSHOTS, { recursive: true })
  })

  test("the admin reads each provider's callback URLs on the clinic's host and copies one", async ({
    visit,
    assert,
  }) => {
    const tenant = await createTestTenant('cbu')
    const origin = `http://${hostOf(tenant)}`
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
    await logInAs(page, 'ru')
    await page.goto(clinicUrl(tenant.slug, '/admin/settings'))
    await page.click('[data-testid="settings-tab-payments"]')
    await page.waitForSelector('[data-testid="callbacks-click"]')

    const valueOf = (id: string) => page.locator(`[data-testid="callback-${id}"]`).inputValue()
    assert.equal(await valueOf('payme-endpoint'), `${origin}/api/payments/payme/webhook`)
    assert.equal(await valueOf('click-prepare'), `${origin}/api/payments/click/prepare`)
    assert.equal(await valueOf('click-complete'), `${origin}/api/payments/click/complete`)
    assert.equal(await valueOf('stripe-webhook'), `${origin}/api/payments/stripe/webhook`)
    assert.isTrue(
      (await page.locator('[data-testid="callback-click-prepare"]').isEditable()) === false
    )
    await page.assertTextContains('[data-testid="callbacks-click"]', 'Адрес Prepare')

    await page.click(
      '[data-testid="callbacks-click"] button[aria-label^="Копировать: Адрес Complete"]'
    )
    await page.waitForSelector('text=Адрес скопирован')
    assert.equal(
      await page.evaluate<string>('navigator.clipboard.readText()'),
      `${origin}/api/payments/click/complete`
    )
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${SCREENSHOTS}/settings_payments_ru.png`, fullPage: true })
  }).timeout(60_000)
})
