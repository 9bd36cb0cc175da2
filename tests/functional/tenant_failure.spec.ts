import { test } from '@japa/runner'
import tenancy from '#tenants/tenancy'
import tenantResolver from '#tenants/tenant_resolver'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'

test.group('A tenant whose database cannot be reached', () => {
  test('fails alone with 503; other tenants keep working', async ({ client }) => {
    const broken = await createTestTenant('broken')
    const healthy = await createTestTenant('healthy')
    const token = await apiToken(client, healthy)

    if (broken.dbDriver === 'mysql') {
      broken.dbHost = '127.0.0.1'
      broken.dbPort = 1
    } else {
      broken.dbName = '/nonexistent-dir/broken.sqlite'
    }
    await broken.save()
    await tenancy.release(broken.id)
    tenantResolver.forget()

    const failing = await client
      .post('/api/auth/login')
      .header('host', hostOf(broken))
      .header('accept-language', 'en')
      .json({ login: 'admin', password: 'secret-pass-1' })
    failing.assertStatus(503)
    failing.assertBodyContains({ error: { code: 'TENANT_UNAVAILABLE' } })

    const working = await client
      .get('/api/admin/users')
      .header('host', hostOf(healthy))
      .bearerToken(token)
    working.assertStatus(200)
  })
})
