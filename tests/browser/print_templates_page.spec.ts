import { mkdirSync } from 'node:fs'
import { test } from '@japa/runner'
import settingsService from '#services/settings/settings_service'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { clinicUrl, logInAs } from '#tests/helpers/browser'

const SCREENSHOTS = 'tmp/screenshots'

test.group('Settings page: print templates', (group) => {
  group.setup(() => {
    mkdirSync(SCREENSHOTS, { recursive: true })
  })

  test('the admin inserts the default receipt template, reads its variables, previews a PDF in a new tab and sees a broken one explained', async ({
    visit,
    assert,
  }) => {
    const tenant = await createTestTenant('tpl')
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logInAs(page, 'ru')
    await page.goto(clinicUrl(tenant.slug, '/admin/settings'))
    await page.click('[data-testid="settings-tab-printing"]')
    await page.click('[data-testid="template-default-receipt"]')
    const field = page.locator('#setting-printing-template-receipt')
    await page.waitForFunction(
      `document.querySelector('#setting-printing-template-receipt').value.includes('{{clinic}}')`
    )
    await page.click('[data-testid="template-tools-receipt"] summary')
    await page.waitForSelector('[data-testid="template-tools-receipt"] table')
    await page.assertTextContains(
      '[data-testid="template-tools-receipt"] table',
      'Клиника «Шифо-Мед»'
    )
    await page.assertTextContains('[data-testid="template-tools-receipt"] table', '{{#each items}}')
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${SCREENSHOTS}/settings_templates_ru.png`, fullPage: true })

    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click('[data-testid="template-preview-receipt"]'),
    ])
    /** A browser without a PDF viewer (the npm Chromium, a headless shell) downloads it instead. */
    const opened = await Promise.any([
      tab.waitForURL(/^blob:/).then(() => tab.url()),
      tab.waitForEvent('download').then((download) => download.url()),
    ])
    assert.match(opened, /^blob:http:\/\//)
    await tab.close()

    await field.fill('<h1>{{#each items}}{{title}}</h1>')
    const [broken] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click('[data-testid="template-preview-receipt"]'),
    ])
    await page.assertTextContains(
      '[data-testid="setting-printing-template-receipt"] .error',
      'ошибка синтаксиса'
    )
    assert.isTrue(broken.isClosed(), 'the empty preview tab closes again')
    if (process.env.SCREENSHOTS)
      await page.screenshot({
        path: `${SCREENSHOTS}/settings_templates_error_ru.png`,
        fullPage: true,
      })
    await inTenant(tenant, async () =>
      assert.isNull(await settingsService.get('printing.template.receipt'), 'nothing saved')
    )
  }).timeout(90_000)
})
