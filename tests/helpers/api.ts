import type { ApiClient } from '@japa/api-client'
import type Tenant from '#tenants/models/tenant'
import { hostOf, TEST_PASSWORD } from '#tests/helpers/tenants'

/** Logs in through POST /api/auth/login and returns the bearer token. */
export async function apiToken(
  client: ApiClient,
  tenant: Tenant,
  login = 'admin',
  password = TEST_PASSWORD
) {
  const response = await client
    .post('/api/auth/login')
    .header('host', hostOf(tenant))
    .json({ login, password })
  response.assertStatus(200)
  return response.body().token as string
}

/** The Inertia page object (`component`, `props`) embedded in an HTML answer, or null. */
export function inertiaPage(html: string) {
  const json = html.match(
    /<script data-page="[^"]*" type="application\/json">([\s\S]*?)<\/script>/
  )?.[1]
  return json ? JSON.parse(json) : null
}
