import { test } from '@japa/runner'
import type { Page } from 'playwright'
import User from '#models/user'
import Role from '#models/role'
import pluginState from '#plugin_api/plugin_state_service'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { clinicUrl } from '#tests/helpers/browser'

/** The address a browser uses for a clinic (Chromium resolves *.localhost to loopback). */
async function addStaff(tenant: Tenant, login: string, role: string, fullName: string) {
  await inTenant(tenant, async () => {
    const user = await User.create({ login, fullName, password: TEST_PASSWORD, isActive: true })
    const found = await Role.findByOrFail('name', role)
    await user.related('roles').attach([found.id])
  })
}

/** Picks a language on the login page (all three are visible there). */
async function chooseLoginLanguage(page: Page, locale: string) {
  await page.click(`.lang-inline [data-locale="${locale}"]`)
  await page.waitForFunction(`document.documentElement.lang === '${locale}'`)
}

/** Picks a language from the top bar's menu inside the shell. */
async function chooseShellLanguage(page: Page, locale: string) {
  await page.click('[data-testid="language-switch"]')
  await page.click(`.p-menu [data-locale="${locale}"]`)
  await page.waitForFunction(`document.documentElement.lang === '${locale}'`)
}

/** Group titles of the sidebar as written (the CSS shows them in capitals). */
async function groupTitles(page: Page) {
  const titles = await page
    .locator('[data-testid="sidebar-nav"] .sidebar__group-title')
    .allTextContents()
  return titles.map((title) => title.trim())
}

async function logIn(page: Page, login: string, password: string) {
  await page.fill('#login', login)
  await page.fill('#password', password)
  await page.press('#password', 'Enter')
}

test.group('Staff shell', (group) => {
  let tenant: Tenant

  group.setup(async () => {
    tenant = await createTestTenant('ui')
    await addStaff(tenant, 'registrar', 'registrar', 'Дилноза Каримова')
  })

  test('a registrar works in Russian, then switches to Uzbek and English', async ({
    visit,
    assert,
  }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await page.waitForFunction(`document.activeElement?.id === 'login'`)
    assert.equal(await page.evaluate('document.activeElement?.id'), 'login')
    await chooseLoginLanguage(page, 'ru')
    await page.assertText('[data-testid="login-submit"]', 'Войти')
    await page.assertTextContains('[data-testid="clinic-name"]', tenant.name)

    await logIn(page, 'registrar', TEST_PASSWORD)
    await page.waitForURL('**/dashboard')

    const nav = '[data-testid="sidebar-nav"]'
    await page.assertTextContains(nav, 'Главная')
    assert.deepEqual(await groupTitles(page), ['Клиника'])
    await page.assertNotExists(`${nav} a[href="/admin/users"]`)
    await page.assertNotExists(`${nav} a[href="/admin/settings"]`)
    await page.assertNotExists(`${nav} a[href="/admin/plugins"]`)
    await page.assertExists(`${nav} a[href="/registry"]`)
    await page.assertExists(`${nav} a[href="/doctor/queue"]`)
    await page.assertExists(`${nav} a[href="/cashier"]`)
    await page.assertElementsCount(`${nav} a`, 4)
    await page.assertTextContains('h1', 'Дилноза Каримова')
    await page.assertTextContains('[data-testid="user-menu"]', 'Регистратор')
    await page.assertTextContains('main a[href="/registry"]', 'Регистратура')

    await chooseShellLanguage(page, 'uz')
    await page.assertTextContains(nav, 'Bosh sahifa')
    assert.deepEqual(await groupTitles(page), ['Klinika'])
    await page.assertTextContains('[data-testid="user-menu"]', 'Registrator')
    await page.assertText('[data-testid="language-switch"]', "O'zbekcha")

    await chooseShellLanguage(page, 'en')
    await page.assertTextContains(nav, 'Dashboard')
    assert.deepEqual(await groupTitles(page), ['Clinic'])
    await page.assertTextContains('[data-testid="user-menu"]', 'Registrar')

    /** The choice is a cookie the server reads: a fresh load stays in English. */
    await page.assertCookie('locale', 'en')
    await page.reload()
    await page.assertTextContains(nav, 'Dashboard')
  })

  test('a wrong password shows the translated error and keeps the login', async ({ visit }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await chooseLoginLanguage(page, 'ru')
    await logIn(page, 'registrar', 'not-the-password')
    await page.assertText('[data-testid="login-error"]', 'Неверный логин или пароль.')
    await page.assertInputValue('#login', 'registrar')
    await page.assertPath('/login')

    await chooseLoginLanguage(page, 'uz')
    await logIn(page, 'registrar', 'still-wrong')
    await page.assertText('[data-testid="login-error"]', "Login yoki parol noto'g'ri.")
  })

  test('empty login fields get translated validation messages', async ({ visit }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await chooseLoginLanguage(page, 'ru')
    await page.click('[data-testid="login-submit"]')
    await page.assertText('#login-error', 'Поле «Логин» обязательно для заполнения.')
    await page.assertText('#password-error', 'Поле «Пароль» обязательно для заполнения.')
  })

  test('an admin jumps with Alt+<position of Users> and creates a user from the dialog', async ({
    visit,
  }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await chooseLoginLanguage(page, 'ru')
    await logIn(page, 'admin', TEST_PASSWORD)
    await page.waitForURL('**/dashboard')

    /** The menu grows with the clinic's modules: Users is wherever the sidebar puts it. */
    const hrefs = await page
      .locator('[data-testid="sidebar-nav"] a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')))
    await page.keyboard.press(`Alt+${hrefs.indexOf('/admin/users') + 1}`)
    await page.waitForURL('**/admin/users')
    await page.assertTextContains('[data-testid="users-table"]', 'registrar')
    await page.assertTextContains('[data-testid="users-table"]', 'Регистратор')

    await page.click('[data-testid="new-user"]')
    await page.fill('#new-user-login', 'registrar')
    await page.fill('#new-user-password', 'short')
    await page.click('[data-testid="new-user-submit"]')
    await page.assertTextContains(
      '[data-testid="new-user-dialog"]',
      'Поле «Пароль» должно содержать не менее 8 символов.'
    )
    await page.assertTextContains('[data-testid="new-user-dialog"]', 'Выберите хотя бы одну роль.')

    await page.fill('#new-user-password', 'long-enough-1')
    await page.click('label[for="new-user-role-1"]')
    await page.click('[data-testid="new-user-submit"]')
    await page.assertTextContains('[data-testid="new-user-dialog"]', 'Логин «registrar» уже занят.')

    await page.fill('#new-user-login', 'nurse.one')
    await page.fill('#new-user-full_name', 'Нигора Алиева')
    await page.click('[data-testid="new-user-submit"]')
    await page.assertNotExists('[data-testid="new-user-dialog"]')
    await page.assertTextContains('.p-toast', 'Пользователь «nurse.one» создан')
    await page.assertTextContains('[data-testid="users-table"]', 'Нигора Алиева')
  })

  test('an unknown clinic address shows the 404 page', async ({ visit, assert }) => {
    const page = await visit(clinicUrl('no-such-clinic-404', '/login?lang=ru'))
    await page.assertExists('[data-testid="error-page"]')
    await page.assertText('[data-testid="error-message"]', 'По этому адресу нет клиники.')
    await page.assertTextContains('h1', 'Клиника не найдена')

    const response = await page.goto(clinicUrl('no-such-clinic-404', '/dashboard?lang=en'))
    assert.equal(response?.status(), 404)
    await page.assertText('[data-testid="error-message"]', 'There is no clinic at this address.')
  })
})

test.group('Staff shell with a plugin', () => {
  test("a plugin's page renders in the shell under its own menu group", async ({
    visit,
    assert,
  }) => {
    const tenant = await createTestTenant('ui-plugin')
    await pluginState.enable(tenant, 'test_plugin')

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await chooseLoginLanguage(page, 'uz')
    await logIn(page, 'admin', TEST_PASSWORD)
    await page.waitForURL('**/dashboard')

    const nav = '[data-testid="sidebar-nav"]'
    await page.assertTextContains(`${nav} a[href="/test-plugin"]`, 'Eslatmalar')
    assert.deepEqual(await groupTitles(page), ['Klinika', 'Boshqaruv', 'Modullar'])

    await page.click(`${nav} a[href="/test-plugin"]`)
    await page.waitForURL('**/test-plugin')
    await page.assertExists('.test-plugin-hello h1')
    await page.assertExists(`${nav} a[href="/test-plugin"].is-active`)
  })
})
