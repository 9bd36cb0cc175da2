import { test } from '@japa/runner'
import User from '#models/user'
import Role from '#models/role'
import AuditLog from '#models/audit_log'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'

async function addUser(tenant: any, login: string, roleName: string, isActive = true) {
  return inTenant(tenant, async () => {
    const user = await User.create({ login, password: TEST_PASSWORD, isActive, fullName: login })
    const role = await Role.findByOrFail('name', roleName)
    await user.related('roles').attach([role.id])
    return user
  })
}

test.group('Staff authentication', () => {
  test('login returns a token and the user with roles; passwords are hashed', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('auth')
    const response = await client
      .post('/api/auth/login')
      .header('host', hostOf(tenant))
      .json({ login: 'admin', password: TEST_PASSWORD })

    response.assertStatus(200)
    assert.match(response.body().token, /^cst_/)
    assert.containsSubset(response.body().user, {
      login: 'admin',
      roles: ['admin'],
      is_active: true,
    })

    const stored = await inTenant(tenant, () => User.findByOrFail('login', 'admin'))
    assert.notEqual(stored.password, TEST_PASSWORD)
    assert.match(stored.password, /^\$scrypt\$/)
  })

  test('a wrong password is refused with a translated message and audited', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('auth')
    const response = await client
      .post('/api/auth/login')
      .header('host', hostOf(tenant))
      .header('accept-language', 'ru')
      .json({ login: 'admin', password: 'nope' })

    response.assertStatus(400)
    response.assertBody({
      error: { code: 'INVALID_CREDENTIALS', message: 'Неверный логин или пароль.' },
    })
    const failures = await inTenant(tenant, () =>
      AuditLog.query().where('event', 'auth.login_failed')
    )
    assert.lengthOf(failures, 1)
  })

  test('login and logout are audited; the token no longer works after logout', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('auth')
    const token = await apiToken(client, tenant)
    ;(
      await client.post('/api/auth/logout').header('host', hostOf(tenant)).bearerToken(token)
    ).assertStatus(200)
    ;(
      await client.get('/api/auth/me').header('host', hostOf(tenant)).bearerToken(token)
    ).assertStatus(401)

    const events = await inTenant(tenant, async () =>
      (await AuditLog.query().orderBy('id')).map((row) => row.event)
    )
    assert.includeMembers(events, ['auth.login', 'auth.logout'])
  })

  test('an inactive user cannot log in', async ({ client }) => {
    const tenant = await createTestTenant('auth')
    await addUser(tenant, 'gone', 'registrar', false)
    const response = await client
      .post('/api/auth/login')
      .header('host', hostOf(tenant))
      .json({ login: 'gone', password: TEST_PASSWORD })
    response.assertStatus(401)
    response.assertBodyContains({ error: { code: 'ACCOUNT_INACTIVE' } })
  })

  test('a token stops working once its user is deactivated', async ({ client }) => {
    const tenant = await createTestTenant('auth')
    const user = await addUser(tenant, 'soon-gone', 'registrar')
    const token = await apiToken(client, tenant, 'soon-gone')
    await inTenant(tenant, async () => {
      user.isActive = false
      await user.save()
    })
    const response = await client
      .get('/api/auth/me')
      .header('host', hostOf(tenant))
      .bearerToken(token)
    response.assertStatus(401)
  })

  test('repeated failures are rate-limited with 429 and Retry-After', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('auth')
    let last
    for (let i = 0; i < 11; i++) {
      last = await client
        .post('/api/auth/login')
        .header('host', hostOf(tenant))
        .json({ login: 'admin', password: 'wrong' })
    }
    last!.assertStatus(429)
    last!.assertBodyContains({ error: { code: 'RATE_LIMITED' } })
    assert.isAbove(Number(last!.header('retry-after')), 0)

    const correct = await client
      .post('/api/auth/login')
      .header('host', hostOf(tenant))
      .json({ login: 'admin', password: TEST_PASSWORD })
    correct.assertStatus(429)
  })

  test('an expired or forged token is 401', async ({ client }) => {
    const tenant = await createTestTenant('auth')
    const response = await client
      .get('/api/auth/me')
      .header('host', hostOf(tenant))
      .bearerToken('cst_MQ.forged')
    response.assertStatus(401)
    response.assertBodyContains({ error: { code: 'UNAUTHORIZED' } })
  })

  test('API calls without cookies mint no cookies; the login page gets the session and XSRF cookies', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('auth')
    const cookiesOf = (response: { headers(): Record<string, unknown> }) =>
      String(response.headers()['set-cookie'] ?? '')

    const login = await client
      .post('/api/auth/login')
      .header('host', hostOf(tenant))
      .json({ login: 'admin', password: TEST_PASSWORD })
    login.assertStatus(200)
    assert.equal(cookiesOf(login), '')

    const me = await client
      .get('/api/auth/me')
      .header('host', hostOf(tenant))
      .bearerToken(login.body().token)
    me.assertStatus(200)
    assert.equal(cookiesOf(me), '')
    assert.equal(me.headers()['x-content-type-options'], 'nosniff')

    const page = await client.get('/login').header('host', hostOf(tenant))
    page.assertStatus(200)
    assert.include(cookiesOf(page), 'clinic-session=')
    assert.include(cookiesOf(page), 'XSRF-TOKEN=')
  })

  test('missing permission is 403 and writes nothing', async ({ client, assert }) => {
    const tenant = await createTestTenant('auth')
    await addUser(tenant, 'desk', 'registrar')
    const token = await apiToken(client, tenant, 'desk')
    const response = await client
      .post('/api/admin/users')
      .header('host', hostOf(tenant))
      .bearerToken(token)
      .json({ login: 'sneaky', password: TEST_PASSWORD, roles: ['admin'] })
    response.assertStatus(403)
    response.assertBodyContains({ error: { code: 'FORBIDDEN' } })
    assert.isNull(await inTenant(tenant, () => User.findBy('login', 'sneaky')))
  })
})
