import { test } from '@japa/runner'
import TenantDomain from '#tenants/models/tenant_domain'
import tenantLifecycle from '#tenants/tenant_lifecycle'
import tenantResolver from '#tenants/tenant_resolver'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'

test.group('Host identification', () => {
  test('GET /health answers on the platform and on a tenant host', async ({ client }) => {
    const tenant = await createTestTenant('health')
    ;(await client.get('/health').header('host', 'localhost')).assertBody({ status: 'ok' })
    ;(await client.get('/health').header('host', hostOf(tenant))).assertBody({ status: 'ok' })
  })

  test('an unknown clinic is 404 with a translated message', async ({ client }) => {
    const response = await client
      .get('/api/auth/me')
      .header('host', hostOf('no-such-clinic'))
      .header('accept-language', 'uz')
    response.assertStatus(404)
    response.assertBody({
      error: { code: 'TENANT_NOT_FOUND', message: "Bu manzilda klinika yo'q." },
    })
  })

  test('an unknown clinic gets a 404 page in a browser', async ({ client, assert }) => {
    const response = await client
      .get('/login')
      .header('host', hostOf('no-such-clinic'))
      .header('accept', 'text/html')
    response.assertStatus(404)
    assert.include(response.header('content-type'), 'text/html')
    assert.match(response.text(), /errors\\?\/not_found/)
  })

  test('a malformed host is 400', async ({ client }) => {
    const response = await client.get('/api/auth/me').header('host', 'bad_host!.localhost')
    response.assertStatus(400)
    response.assertBodyContains({ error: { code: 'INVALID_HOST' } })
  })

  test('a suspended clinic is 423 until resumed', async ({ client }) => {
    const tenant = await createTestTenant('susp')
    await tenantLifecycle.suspend(tenant.slug)
    const suspended = await client.get('/health').header('host', hostOf(tenant))
    suspended.assertStatus(423)
    suspended.assertBodyContains({ error: { code: 'TENANT_SUSPENDED' } })

    await tenantLifecycle.resume(tenant.slug)
    ;(await client.get('/health').header('host', hostOf(tenant))).assertStatus(200)
  })

  test('a custom domain identifies its clinic', async ({ client, assert }) => {
    const tenant = await createTestTenant('custom')
    await TenantDomain.create({ tenantId: tenant.id, domain: 'clinic.example.uz' })
    tenantResolver.forget()

    const response = await client
      .post('/api/auth/login')
      .header('host', 'clinic.example.uz')
      .json({ login: 'admin', password: 'secret-pass-1' })
    response.assertStatus(200)
    assert.equal(response.body().user.login, 'admin')
  })
})
