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
