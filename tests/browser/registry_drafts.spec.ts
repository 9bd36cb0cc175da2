import { test } from '@japa/runner'
import { createTestTenant } from '#tests/helpers/tenants'
import { setupRegistry } from '#tests/helpers/registry'
import { clinicUrl, logInAs } from '#tests/helpers/browser'

/** Issue 22 item 9: a half-typed row survives a reload (saved or cleared rows are not kept). */
test.group('Registry drafts', () => {
  test('a half-typed row comes back after a reload; a row cleared by hand is not kept', async ({
    visit,
    assert,
  }) => {
    const tenant = await createTestTenant('drf')
    await setupRegistry(tenant)
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logInAs(page, 'ru', 'registrar')
    await page.goto(clinicUrl(tenant.slug, '/registry'))
    await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')

    await page.keyboard.press('Alt+N')
    await page.waitForFunction(`document.activeElement?.getAttribute('name') === 'fio'`)
    await page.keyboard.type('Недописанная Пациентка', { delay: 5 })
    await page.keyboard.press('Tab')
    await page.keyboard.type('1987')
    await page.waitForFunction(`(localStorage.getItem('registry.drafts') ?? '').includes('1987')`)

    await page.reload()
    await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')
    const fio = page.locator('tr.is-draft input[name="fio"]').first()
    assert.equal(await fio.inputValue(), 'Недописанная Пациентка')
    assert.equal(
      await page.locator('tr.is-draft input[name="birth_year"]').first().inputValue(),
      '1987'
    )

    /* Cleared by hand, nothing is kept. */
    await fio.fill('')
    await page.locator('tr.is-draft input[name="birth_year"]').first().fill('')
    await page.waitForFunction(`localStorage.getItem('registry.drafts') === null`)
    await page.reload()
    await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')
    assert.equal(await page.locator('tr.is-draft input[name="fio"]').first().inputValue(), '')
  })
})
