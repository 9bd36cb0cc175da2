import type { Page } from 'playwright'
import tenancyConfig from '#config/tenancy'
import { TEST_PASSWORD } from '#tests/helpers/tenants'

/** A page of a clinic on the test server: `http://<slug>.<domain>:<port><path>`. */
export function clinicUrl(slug: string, path = '/') {
  return `http://${slug}.${tenancyConfig.appDomain}:${tenancyConfig.port}${path}`
}

/** On the open login page: the language switch, then `login` signs in and lands on the dashboard. */
export async function logInAs(page: Page, locale: string, login = 'admin') {
  await page.click(`.lang-inline [data-locale="${locale}"]`)
  await page.waitForFunction(`document.documentElement.lang === '${locale}'`)
  await page.fill('#login', login)
  await page.fill('#password', TEST_PASSWORD)
  await page.press('#password', 'Enter')
  await page.waitForURL('**/dashboard')
}
