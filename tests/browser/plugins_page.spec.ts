import { mkdirSync } from 'node:fs'
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import tenancyConfig from '#config/tenancy'
import TenantPlugin from '#plugin_api/models/tenant_plugin'
import pluginState from '#plugin_api/plugin_state_service'
import { createTestTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { clinicUrl } from '#tests/helpers/browser'

const SCREENSHOTS = 'tmp/screenshots'

/** The address a browser uses for a clinic (Chromium resolves *.localhost to loopback). */
/** Picks the UI language the way the language switch does: the `locale` cookie. */
async function useLocale(page: Page, slug: string, locale: string) {
  await page
    .context()
    .addCookies([
      { name: 'locale', value: locale, domain: `${slug}.${tenancyConfig.appDomain}`, path: '/' },
    ])
}

/** Signs the tenant's admin in with the UI in `locale`, then opens the plugins page. */
async function openPluginsPage(page: Page, slug: string, locale: string) {
  await useLocale(page, slug, locale)
  await page.goto(clinicUrl(slug, '/login'))
  await page.fill('#login', 'admin')
  await page.fill('#password', TEST_PASSWORD)
  await page.press('#password', 'Enter')
  await page.waitForURL('**/dashboard')
  await page.goto(clinicUrl(slug, '/admin/plugins'))
  await page.waitForSelector('[data-testid="plugins-list"]')
}

/** Sets the colour theme the way the theme toggle stores it, and reloads. */
async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((value) => localStorage.setItem('theme', value), theme)
  await page.reload()
  await page.waitForSelector('[data-testid="plugins-list"]')
}

const row = (id: string) => `[data-testid="plugin-${id}"]`

test.group('Admin plugins page', () => {
  test('an admin enables a plugin, gets its menu entry, then disables it after confirming', async ({
    visit,
    assert,
  }) => {
    const tenant = await createTestTenant('plugins-ui')
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await openPluginsPage(page, tenant.slug, 'ru')

    await page.assertTextContains(row('test_plugin'), 'Тестовый модуль')
    await page.assertTextContains(row('test_plugin'), 'Заметки для тестов')
    await page.assertTextContains(`${row('test_plugin')} .plugin-row__id`, 'test_plugin')
    await page.assertTextContains(row('test_plugin'), '1.2.0')
    await page.assertTextContains(
      `${row('test_dependent')} [data-testid="plugin-requires"]`,
      'Тестовый модуль'
    )
    await page.assertTextContains(
      `${row('test_dependent')} [data-testid="plugin-requires"]`,
      '^1.0.0'
    )
    await page.assertTextContains(
      `${row('test_plugin')} [data-testid="plugin-required-by"]`,
      'Зависимый модуль'
    )
    await page.assertTextContains(row('test_plugin'), '2 права')
    await page.assertExists(`${row('test_plugin')}[data-enabled="false"]`)
    await page.assertNotExists('[data-testid="sidebar-nav"] a[href="/test-plugin"]')

    /** Refused plugins are listed, collapsed, with their reasons. */
    await page.assertTextContains('[data-testid="refused-plugins"] summary', 'Не загружены')
    await page.click('[data-testid="refused-plugins"] summary')
    await page.assertTextContains('[data-testid="refused-plugins"]', 'test_incompatible')

    /** Enabling: the keyboard works the switch. */
    await page.focus(`#plugin-test_plugin-switch`)
    await page.keyboard.press('Space')
    await page.waitForSelector(`${row('test_plugin')}[data-enabled="true"]`)
    await page.assertTextContains('.p-toast', 'Модуль «Тестовый модуль» включён')
    await page.assertTextContains(`${row('test_plugin')} [data-testid="plugin-state"]`, 'Включён')
    await page.assertTextContains(`[data-testid="sidebar-nav"] a[href="/test-plugin"]`, 'Заметки')
    await page.assertNotExists(
      `${row('test_plugin')} [data-testid="plugin-installed"]:has-text("Ещё не включался")`
    )

    await page.click(`${row('test_plugin')} [data-testid="plugin-permissions-toggle"]`)
    await page.assertTextContains(
      `${row('test_plugin')} [data-testid="plugin-permissions"]`,
      'test_plugin.notes.write'
    )

    mkdirSync(SCREENSHOTS, { recursive: true })
    for (const [locale, theme] of [
      ['ru', 'light'],
      ['ru', 'dark'],
      ['uz', 'light'],
      ['uz', 'dark'],
      ['en', 'light'],
    ] as const) {
      await useLocale(page, tenant.slug, locale)
      await useTheme(page, theme)
      await page.click(`${row('test_plugin')} [data-testid="plugin-permissions-toggle"]`)
      await page.click('[data-testid="refused-plugins"] summary')
      /** The chevron is shot as turned (transitions finished). */
      await page.screenshot({
        path: `${SCREENSHOTS}/plugins-${locale}-${theme}.png`,
        fullPage: true,
        animations: 'disabled',
      })
    }
    await useLocale(page, tenant.slug, 'ru')
    await useTheme(page, 'light')

    /** An enabled plugin whose code is newer than the tenant's install offers an update. */
    await TenantPlugin.query()
      .where('tenant_id', tenant.id)
      .where('plugin_id', 'test_plugin')
      .update({ version: '1.1.0' })
    pluginState.forget(tenant.id)
    await page.reload()
    await page.assertTextContains(`${row('test_plugin')} .plugin-row__update`, '1.1.0')
    await page.screenshot({
      path: `${SCREENSHOTS}/plugins-update-ru-light.png`,
      animations: 'disabled',
    })
    await page.click(`${row('test_plugin')} [data-testid="plugin-update"]`)
    await page.assertTextContains('.p-toast', 'Модуль «Тестовый модуль» обновлён до 1.2.0')
    await page.assertNotExists(`${row('test_plugin')} [data-testid="plugin-update"]`)

    /** Disabling asks first; cancelling keeps the plugin on. */
    await page.click(`[data-testid="plugin-toggle-test_plugin"]`)
    await page.assertTextContains(
      '[data-testid="disable-plugin-dialog"]',
      'Отключить «Тестовый модуль»?'
    )
    await page.assertTextContains(
      '[data-testid="disable-plugin-dialog"]',
      'Данные модуля останутся в базе'
    )
    await page.screenshot({
      path: `${SCREENSHOTS}/plugins-confirm-ru-light.png`,
      animations: 'disabled',
    })
    await page.keyboard.press('Escape')
    await page.assertNotExists('[data-testid="disable-plugin-dialog"]')
    assert.isTrue(await page.isChecked('#plugin-test_plugin-switch'))
    await page.assertExists(`${row('test_plugin')}[data-enabled="true"]`)

    await page.click(`[data-testid="plugin-toggle-test_plugin"]`)
    await page.click('[data-testid="disable-plugin-confirm"]')
    await page.waitForSelector(`${row('test_plugin')}[data-enabled="false"]`)
    await page.assertNotExists('[data-testid="disable-plugin-dialog"]')
    await page.assertTextContains('.p-toast', 'Модуль «Тестовый модуль» отключён')
    await page.assertNotExists('[data-testid="sidebar-nav"] a[href="/test-plugin"]')
    assert.isFalse(await page.isChecked('#plugin-test_plugin-switch'))
  })

  test('enabling a plugin before the one it requires shows the translated refusal', async ({
    visit,
    assert,
  }) => {
    const tenant = await createTestTenant('plugins-dep')
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await openPluginsPage(page, tenant.slug, 'ru')

    await page.click(`[data-testid="plugin-toggle-test_dependent"]`)
    await page.assertTextContains(
      `${row('test_dependent')} [data-testid="plugin-error"]`,
      'Сначала включите'
    )
    await page.assertTextContains(
      `${row('test_dependent')} [data-testid="plugin-error"]`,
      'test_plugin'
    )
    await page.assertExists(`${row('test_dependent')}[data-enabled="false"]`)
    assert.isFalse(await page.isChecked('#plugin-test_dependent-switch'))
    await page.screenshot({
      path: `${SCREENSHOTS}/plugins-error-ru-light.png`,
      animations: 'disabled',
    })

    await useLocale(page, tenant.slug, 'uz')
    await page.reload()
    await page.click(`[data-testid="plugin-toggle-test_dependent"]`)
    await page.assertTextContains(
      `${row('test_dependent')} [data-testid="plugin-error"]`,
      'Avval yoqing'
    )
  })
})
