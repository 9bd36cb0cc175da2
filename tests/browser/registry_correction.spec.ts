import { test } from '@japa/runner'
import { clock } from '#services/clock'
import { createTestTenant } from '#tests/helpers/tenants'
import { setupRegistry, staffApi } from '#tests/helpers/registry'
import { deskRow } from '#tests/helpers/boards'
import { clinicUrl, logInAs } from '#tests/helpers/browser'

/**
 * Issue 22 item 12: a typo and the wrong doctor are corrected from the row
 * (F2), without canceling: the patient keeps the visit, the other doctor's
 * queue gives a new lettered number; a phone of another card is refused
 * under its field and nothing is saved.
 */
test.group('Registry: correcting a saved row', (group) => {
  group.each.setup(() => () => clock.reset())

  test('F2 opens the row, a typo and the doctor are corrected; another card’s phone is refused under its field', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('cor')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    await deskRow(desk, doctors.therapy.id, 'Каримова Дилноза', '+998901234701')
    await deskRow(desk, doctors.therapy.id, 'Юсупв Тимур', '+998901234702')

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logInAs(page, 'ru', 'registrar')
    await page.goto(clinicUrl(tenant.slug, '/registry'))
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')

    const typo = page.locator('tr.is-row', { hasText: 'Юсупв Тимур' }).locator('.row-handle')
    await typo.focus()
    await page.keyboard.press('F2')
    await page.waitForSelector('[data-testid="correction-dialog"]')
    assert.equal(await page.inputValue('#corr-fio'), 'Юсупв Тимур')

    /* Another patient's phone: refused under the field, nothing saved. */
    await page.fill('#corr-phone', '+998901234701')
    await page.click('[data-testid="correction-save"]')
    await page.waitForSelector('[data-testid="correction-dialog"] .correction__error')
    assert.include(await page.textContent('[data-testid="correction-dialog"]'), 'Каримова Дилноза')

    await page.fill('#corr-phone', '+998901234702')
    await page.fill('#corr-fio', 'Юсупов Тимур')
    await page.click('#corr-doctor')
    await page.click('.p-select-overlay li:has-text("Исмоилова")')
    await page.click('[data-testid="correction-save"]')
    await page.waitForSelector('[data-testid="correction-dialog"]', { state: 'detached' })
    await page.waitForSelector('tr.is-row:has-text("Юсупов Тимур")')
    const corrected = page.locator('tr.is-row', { hasText: 'Юсупов Тимур' })
    assert.equal((await corrected.locator('.row-handle').textContent())?.trim(), 'K-1')
    assert.equal(await page.locator('tr.is-row', { hasText: 'Юсупв' }).count(), 0)
  })
})
