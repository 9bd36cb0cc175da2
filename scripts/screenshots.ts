/*
| Screenshots of the staff shell for review: every main page in ru, uz and en,
| light and dark, from a running app.
|
|   STORAGE_PATH=tmp/ui-dev PORT=3411 npm start      (in another terminal)
|   node_modules/.bin/node --import @poppinss/ts-exec scripts/screenshots.ts
|
| Env: BASE_URL (a clinic, default http://demo.localhost:3411), LOGIN / PASSWORD
| (an admin, default admin / demo12345), STAFF_LOGIN (a non-admin, default
| registrar), OUT (default tmp/screenshots), LOCALES and THEMES (comma lists),
| SUSPENDED_URL (optional: a suspended clinic, for the 423 page).
*/
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { resolveChromium } from '#services/printing/chromium'

const BASE_URL = (process.env.BASE_URL ?? 'http://demo.localhost:3411').replace(/\/$/, '')
const LOGIN = process.env.LOGIN ?? 'admin'
const PASSWORD = process.env.PASSWORD ?? 'demo12345'
const STAFF_LOGIN = process.env.STAFF_LOGIN ?? 'registrar'
const OUT = process.env.OUT ?? 'tmp/screenshots'
const LOCALES = (process.env.LOCALES ?? 'ru,uz,en').split(',')
const THEMES = (process.env.THEMES ?? 'light,dark').split(',') as ('light' | 'dark')[]

const clinicUrl = new URL(BASE_URL)
/** The platform's bare domain: the clinic host without its first label. */
const platformHost = clinicUrl.hostname.split('.').slice(1).join('.') || 'localhost'
const PLATFORM_URL = `${clinicUrl.protocol}//${platformHost}${clinicUrl.port ? `:${clinicUrl.port}` : ''}`
const SUSPENDED_URL = process.env.SUSPENDED_URL
const UNKNOWN_CLINIC_URL = `${clinicUrl.protocol}//no-such-clinic.${platformHost}${clinicUrl.port ? `:${clinicUrl.port}` : ''}`

async function settle(page: Page) {
  await page.waitForLoadState('networkidle')
  await page.evaluate('document.fonts.ready')
  await page.waitForTimeout(250)
}

async function shot(page: Page, name: string, locale: string, theme: string) {
  await settle(page)
  const file = join(OUT, `${name}-${locale}-${theme}.png`)
  await page.screenshot({ path: file, fullPage: true })
  console.log(`  ${file}`)
}

async function login(page: Page, user: string) {
  await page.goto(`${BASE_URL}/login`)
  await page.fill('#login', user)
  await page.fill('#password', PASSWORD)
  await Promise.all([page.waitForURL('**/dashboard'), page.press('#password', 'Enter')])
}

async function logout(page: Page) {
  await page.click('[data-testid="user-menu"]')
  await Promise.all([page.waitForURL('**/login'), page.click('.user-menu-logout a')])
}

async function capture(browser: Browser, locale: string, theme: 'light' | 'dark') {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  })
  await context.addInitScript((value) => localStorage.setItem('theme', value), theme)
  await context.addCookies(
    [clinicUrl.hostname, platformHost, `no-such-clinic.${platformHost}`].map((domain) => ({
      name: 'locale',
      value: locale,
      domain,
      path: '/',
    }))
  )
  const page = await context.newPage()
  page.on('pageerror', (error) =>
    console.error(`  page error (${locale}/${theme}): ${error.message}`)
  )

  await page.goto(PLATFORM_URL)
  await shot(page, 'landing', locale, theme)

  await page.goto(`${UNKNOWN_CLINIC_URL}/login`)
  await shot(page, '404-unknown-clinic', locale, theme)

  if (SUSPENDED_URL) {
    await page.goto(`${SUSPENDED_URL.replace(/\/$/, '')}/login?lang=${locale}`)
    await shot(page, '423-suspended', locale, theme)
  }

  await page.goto(`${BASE_URL}/login`)
  await shot(page, 'login', locale, theme)

  await page.fill('#login', LOGIN)
  await page.fill('#password', 'wrong-password')
  await page.press('#password', 'Enter')
  await page.waitForSelector('[data-testid="login-error"]')
  await shot(page, 'login-error', locale, theme)

  await login(page, LOGIN)
  await shot(page, 'dashboard', locale, theme)

  await page.goto(`${BASE_URL}/admin/users`)
  await shot(page, 'users', locale, theme)

  await page.click('[data-testid="new-user"]')
  await page.waitForSelector('#new-user-login')
  await page.fill('#new-user-login', 'x')
  await page.fill('#new-user-password', 'short')
  await page.click('[data-testid="new-user-submit"]')
  await page.waitForSelector('[data-testid="new-user-dialog"] .error')
  await shot(page, 'users-new-dialog', locale, theme)
  await page.keyboard.press('Escape')

  await page.goto(`${BASE_URL}/admin/settings`)
  await shot(page, 'settings', locale, theme)

  await page.goto(`${BASE_URL}/no-such-page`)
  await shot(page, '404', locale, theme)

  await page.goto(`${BASE_URL}/dashboard`)
  await page.click('[data-testid="sidebar-toggle"]')
  await shot(page, 'dashboard-collapsed', locale, theme)
  await page.click('[data-testid="sidebar-toggle"]')

  await logout(page)
  await login(page, STAFF_LOGIN)
  await shot(page, 'dashboard-staff', locale, theme)

  await page.goto(`${BASE_URL}/admin/users`)
  await shot(page, '403', locale, theme)

  await context.close()
}

/*
| The registry panel (registrar): the table, the calendar, the QR and the
| "Open reception" dialogs. REGISTRY_ROWS=30 first adds that many desk rows
| to today's registry when it has fewer (a demo clinic starts empty);
| REGISTRY=false skips these shots.
*/
const REGISTRY = process.env.REGISTRY !== 'false'
const REGISTRY_ROWS = Number(process.env.REGISTRY_ROWS ?? 0)

async function seedRegistry(browser: Browser) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await login(page, STAFF_LOGIN)
  const xsrf = (await context.cookies()).find((cookie) => cookie.name === 'XSRF-TOKEN')?.value ?? ''
  /** Requests go from the page: the clinic's *.localhost host resolves in Chromium only. */
  const added = await page.evaluate(
    async ({ token, wanted }) => {
      const headers = {
        'accept': 'application/json',
        'content-type': 'application/json',
        'x-xsrf-token': token,
      }
      const day = (await (await fetch('/api/registry?per_page=1', { headers })).json()) as {
        meta: { total: number }
      }
      const names = [
        'Каримова Дилноза',
        'Юсупов Тимур',
        'Алиева Мадина',
        'Рахимов Бахтиёр',
        'Ким Ольга',
      ]
      const middle = ['Алишеровна', 'Бахтиёрович', 'Рустамовна', 'Шухратович']
      let count = 0
      for (let index = day.meta.total; index < wanted; index++) {
        const body = {
          patient: {
            fio: `${names[index % names.length]} ${middle[index % middle.length]}`,
            birth_year: 1950 + ((index * 7) % 70),
            phone: `+99890${String(4000000 + index * 7919).slice(-7)}`,
          },
          doctor_id: 1 + (index % 5),
          type: ['paid', 'paid', 'repeat', 'benefit'][index % 4],
          payment_type: ['cash', 'card', 'online', null][index % 4],
        }
        const response = await fetch('/api/registry/rows', {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
        })
        if (response.ok) count++
      }
      return count
    },
    { token: decodeURIComponent(xsrf), wanted: REGISTRY_ROWS }
  )
  console.log(`registry: ${added} rows added`)
  await context.close()
}

async function captureRegistry(browser: Browser, locale: string, theme: 'light' | 'dark') {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  })
  await context.addInitScript((value) => localStorage.setItem('theme', value), theme)
  await context.addCookies([
    { name: 'locale', value: locale, domain: clinicUrl.hostname, path: '/' },
  ])
  const page = await context.newPage()
  page.on('pageerror', (error) =>
    console.error(`  page error (${locale}/${theme}): ${error.message}`)
  )
  await login(page, STAFF_LOGIN)
  await page.goto(`${BASE_URL}/registry`)
  await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')
  await shot(page, 'registry', locale, theme)

  await page.click('[data-testid="action-calendar"]')
  await page.waitForSelector('[data-testid="calendar-week"]')
  await shot(page, 'registry-calendar', locale, theme)
  await page.keyboard.press('Escape')

  await page.click('[data-testid="action-qr"]')
  await page.waitForSelector('[data-testid="qr-dialog"]')
  await shot(page, 'registry-qr', locale, theme)
  await page.keyboard.press('Escape')

  await page.keyboard.press('Control+Shift+O')
  await page.waitForSelector('[data-testid="open-reception-dialog"]')
  await shot(page, 'registry-open-reception', locale, theme)
  await context.close()
}

mkdirSync(OUT, { recursive: true })
const resolved = await resolveChromium()
const browser = await chromium.launch({
  executablePath: resolved.executablePath,
  headless: true,
  args: resolved.args,
  env: resolved.env,
})
try {
  if (REGISTRY && REGISTRY_ROWS > 0) await seedRegistry(browser)
  for (const theme of THEMES) {
    for (const locale of LOCALES) {
      console.log(`${locale} / ${theme}`)
      await capture(browser, locale, theme)
      if (REGISTRY) await captureRegistry(browser, locale, theme)
    }
  }
} finally {
  await browser.close()
}
