import { test } from '@japa/runner'
import User from '#models/user'
import Setting from '#models/setting'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'

test.group('Admin API: users', () => {
  test('creates a user with roles who can then log in', async ({ client, assert }) => {
    const tenant = await createTestTenant('adm')
    const token = await apiToken(client, tenant)
    const created = await client
      .post('/api/admin/users')
      .header('host', hostOf(tenant))
      .bearerToken(token)
      .json({
        login: 'desk1',
        password: 'desk-pass-1',
        roles: ['registrar'],
        full_name: 'Desk One',
      })
    created.assertStatus(201)
    assert.containsSubset(created.body(), {
      login: 'desk1',
      roles: ['registrar'],
      full_name: 'Desk One',
    })

    const list = await client
      .get('/api/admin/users')
      .header('host', hostOf(tenant))
      .bearerToken(token)
    assert.sameMembers(
      list.body().map((u: any) => u.login),
      ['admin', 'desk1']
    )
    ;(
      await client
        .post('/api/auth/login')
        .header('host', hostOf(tenant))
        .json({ login: 'desk1', password: 'desk-pass-1' })
    ).assertStatus(200)
  })

  test('a duplicate login is 409; a weak password or unknown role is refused; nothing is written', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('adm')
    const token = await apiToken(client, tenant)
    const post = (body: object) =>
      client
        .post('/api/admin/users')
        .header('host', hostOf(tenant))
        .header('accept-language', 'en')
        .bearerToken(token)
        .json(body)

    const duplicate = await post({ login: 'ADMIN', password: TEST_PASSWORD, roles: ['registrar'] })
    duplicate.assertStatus(409)
    duplicate.assertBodyContains({ error: { code: 'LOGIN_TAKEN' } })

    const weak = await post({ login: 'weak', password: '123', roles: ['registrar'] })
    weak.assertStatus(422)
    assert.equal(weak.body().errors[0].field, 'password')

    const unknownRole = await post({ login: 'norole', password: TEST_PASSWORD, roles: ['wizard'] })
    unknownRole.assertStatus(422)
    unknownRole.assertBodyContains({ error: { code: 'UNKNOWN_ROLE' } })

    const logins = await inTenant(tenant, async () => (await User.all()).map((u) => u.login))
    assert.deepEqual(logins, ['admin'])
  })
})

test.group('Admin API: settings', () => {
  test('defaults, tenant values and branch overrides', async ({ client, assert }) => {
    const tenant = await createTestTenant('set')
    const token = await apiToken(client, tenant)
    const host = hostOf(tenant)

    const defaults = await client.get('/api/admin/settings').header('host', host).bearerToken(token)
    defaults.assertStatus(200)
    assert.containsSubset(defaults.body().values, {
      'timezone': 'Asia/Tashkent',
      'queue.online_start_hour': 7,
      'queue.online_auto_close': null,
      'queue.online_start_number.dentistry': 3,
      'queue.online_start_number.dermatology': 15,
      'queue.online_start_number.cardiology': 8,
      'queue.online_start_number.therapy': 1,
      'queue.online_max_per_day.dentistry': 15,
    })

    const tenantWide = await client
      .put('/api/admin/settings')
      .header('host', host)
      .bearerToken(token)
      .json({ values: { 'queue.online_start_hour': 6, 'queue.online_auto_close': '09:00' } })
    tenantWide.assertStatus(200)
    assert.equal(tenantWide.body().values['queue.online_start_hour'], 6)

    const branches = await client.get('/api/admin/branches').header('host', host).bearerToken(token)
    const branchId = branches.body()[0].id
    const override = await client
      .put('/api/admin/settings')
      .header('host', host)
      .bearerToken(token)
      .json({
        branch_id: branchId,
        values: { 'queue.online_start_hour': 8, 'timezone': 'Asia/Samarkand' },
      })
    override.assertStatus(200)
    assert.containsSubset(override.body().values, {
      'queue.online_start_hour': 8,
      'timezone': 'Asia/Samarkand',
      'queue.online_auto_close': '09:00',
    })

    const tenantAgain = await client
      .get('/api/admin/settings')
      .header('host', host)
      .bearerToken(token)
    assert.equal(tenantAgain.body().values['queue.online_start_hour'], 6)
    const forBranch = await client
      .get(`/api/admin/settings?branch_id=${branchId}`)
      .header('host', host)
      .bearerToken(token)
    assert.equal(forBranch.body().values['queue.online_start_hour'], 8)
  })

  test('invalid values are 422 per key and nothing is written', async ({ client, assert }) => {
    const tenant = await createTestTenant('set')
    const token = await apiToken(client, tenant)
    const response = await client
      .put('/api/admin/settings')
      .header('host', hostOf(tenant))
      .header('accept-language', 'en')
      .bearerToken(token)
      .json({
        values: {
          'queue.online_start_hour': 7,
          'queue.online_auto_close': '25:99',
          'timezone': 'Nowhere/City',
          'no.such.key': 1,
        },
      })

    response.assertStatus(422)
    assert.sameMembers(
      response.body().errors.map((e: any) => e.field),
      ['values.queue.online_auto_close', 'values.timezone', 'values.no.such.key']
    )
    const stored = await inTenant(tenant, () => Setting.all())
    assert.sameMembers(
      stored.map((row) => row.key),
      ['timezone', 'locale'],
      'only what provisioning wrote'
    )
  })

  test('a branch that does not exist is 404', async ({ client }) => {
    const tenant = await createTestTenant('set')
    const token = await apiToken(client, tenant)
    const response = await client
      .put('/api/admin/settings')
      .header('host', hostOf(tenant))
      .bearerToken(token)
      .json({ branch_id: 999, values: { 'queue.online_start_hour': 8 } })
    response.assertStatus(404)
    response.assertBodyContains({ error: { code: 'NOT_FOUND' } })
  })
})

test.group('Admin API: roles', () => {
  test('a custom role built from permission codes takes effect at once', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('roles')
    const token = await apiToken(client, tenant)
    const host = hostOf(tenant)

    const created = await client
      .post('/api/admin/roles')
      .header('host', host)
      .bearerToken(token)
      .json({ name: 'payments_only', title: 'Payments only', permissions: ['payments.read'] })
    created.assertStatus(201)

    await client
      .post('/api/admin/users')
      .header('host', host)
      .bearerToken(token)
      .json({ login: 'pay1', password: TEST_PASSWORD, roles: ['payments_only'] })
    const userToken = await apiToken(client, tenant, 'pay1')
    ;(
      await client.get('/api/admin/users').header('host', host).bearerToken(userToken)
    ).assertStatus(403)

    const updated = await client
      .put(`/api/admin/roles/${created.body().id}`)
      .header('host', host)
      .bearerToken(token)
      .json({ name: 'payments_only', permissions: ['payments.read', 'users.manage'] })
    updated.assertStatus(200)
    ;(
      await client.get('/api/admin/users').header('host', host).bearerToken(userToken)
    ).assertStatus(200)
    assert.sameMembers(updated.body().permissions, ['payments.read', 'users.manage'])
  })

  test('unknown codes, duplicate names and the admin role are refused', async ({ client }) => {
    const tenant = await createTestTenant('roles')
    const token = await apiToken(client, tenant)
    const host = hostOf(tenant)

    const unknown = await client
      .post('/api/admin/roles')
      .header('host', host)
      .bearerToken(token)
      .json({ name: 'odd', permissions: ['teleport.use'] })
    unknown.assertStatus(422)
    unknown.assertBodyContains({ error: { code: 'UNKNOWN_PERMISSION' } })

    const duplicate = await client
      .post('/api/admin/roles')
      .header('host', host)
      .bearerToken(token)
      .json({ name: 'registrar', permissions: [] })
    duplicate.assertStatus(409)

    const roles = await client.get('/api/admin/roles').header('host', host).bearerToken(token)
    const admin = roles.body().find((role: any) => role.name === 'admin')
    const locked = await client
      .put(`/api/admin/roles/${admin.id}`)
      .header('host', host)
      .bearerToken(token)
      .json({ name: 'admin', permissions: ['payments.read'] })
    locked.assertStatus(409)
    locked.assertBodyContains({ error: { code: 'ADMIN_ROLE_LOCKED' } })
  })
})
