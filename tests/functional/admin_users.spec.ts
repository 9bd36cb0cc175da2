import { test } from '@japa/runner'
import User from '#models/user'
import AuditLog from '#models/audit_log'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'

test.group('Admin users: filters, edit, password, deactivation', () => {
  test('ADM-T1: a created user logs in with their role and sees only what it grants', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('usr')
    const admin = await adminApi(client, tenant)
    const created = await admin.post('/api/admin/users', {
      login: 'cash1',
      password: 'Kassa-2026',
      roles: ['cashier'],
      full_name: 'Cash Desk',
    })
    created.assertStatus(201)
    const cashier = await adminApi(client, tenant, 'cash1', 'Kassa-2026')
    const me = await cashier.get('/api/auth/me')
    assert.includeMembers(me.body().roles ?? me.body().user?.roles ?? [], ['cashier'])
    ;(await cashier.get('/api/admin/users')).assertStatus(403)
    ;(await cashier.get('/api/registry')).assertStatus(403)
  })

  test('lists users filtered by role, active flag and text; shows last login', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('usr')
    const admin = await adminApi(client, tenant)
    for (const [login, role] of [
      ['desk1', 'registrar'],
      ['desk2', 'registrar'],
      ['doc1', 'doctor'],
    ]) {
      ;(
        await admin.post('/api/admin/users', { login, password: 'Strong-pass-7', roles: [role] })
      ).assertStatus(201)
    }
    const desk2 = (await admin.get('/api/admin/users?role=registrar'))
      .body()
      .find((u: any) => u.login === 'desk2')
    ;(await admin.delete(`/api/admin/users/${desk2.id}`)).assertStatus(200)

    const registrars = await admin.get('/api/admin/users?role=registrar')
    assert.sameMembers(
      registrars.body().map((u: any) => u.login),
      ['desk1', 'desk2']
    )
    const activeRegistrars = await admin.get('/api/admin/users?role=registrar&active=true')
    assert.deepEqual(
      activeRegistrars.body().map((u: any) => u.login),
      ['desk1']
    )
    const inactive = await admin.get('/api/admin/users?active=false')
    assert.deepEqual(
      inactive.body().map((u: any) => u.login),
      ['desk2']
    )
    const search = await admin.get('/api/admin/users?q=DOC')
    assert.deepEqual(
      search.body().map((u: any) => u.login),
      ['doc1']
    )
    const self = (await admin.get('/api/admin/users')).body().find((u: any) => u.login === 'admin')
    assert.isString(self.last_login_at, 'the admin has logged in')
  })

  test('edits roles, name and doctor link; an unknown doctor is a field error', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('usr')
    const admin = await adminApi(client, tenant)
    const doctor = await admin.post('/api/admin/doctors', {
      full_name: 'Karimov Anvar',
      specialty: 'therapy',
      cabinet: '101',
    })
    doctor.assertStatus(201)
    const user = (
      await admin.post('/api/admin/users', {
        login: 'karimov',
        password: 'Doctor-pass-1',
        roles: ['registrar'],
      })
    ).body()

    const edited = await admin.put(`/api/admin/users/${user.id}`, {
      roles: ['doctor'],
      full_name: 'Anvar Karimov',
      doctor_id: doctor.body().id,
    })
    edited.assertStatus(200)
    assert.containsSubset(edited.body(), {
      roles: ['doctor'],
      full_name: 'Anvar Karimov',
      doctor_id: doctor.body().id,
    })

    const unknown = await admin.put(`/api/admin/users/${user.id}`, { doctor_id: 9999 })
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'doctor_id')

    const audit = await inTenant(tenant, () =>
      AuditLog.query().where('event', 'user.updated').firstOrFail()
    )
    assert.deepEqual(audit.before?.roles, ['registrar'])
    assert.deepEqual(audit.after?.roles, ['doctor'])
  })

  test('weak passwords and duplicate logins are refused with clear messages; nothing is written', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('usr')
    const admin = await adminApi(client, tenant)
    for (const password of ['12345678', 'abcdefghij', 'password1', 'nurse-2026x']) {
      const response = await admin.post('/api/admin/users', {
        login: 'nurse',
        password,
        roles: ['registrar'],
      })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'password')
      assert.match(response.body().errors[0].message, /too easy to guess/)
    }
    const duplicate = await admin.post('/api/admin/users', {
      login: 'Admin',
      password: 'Good-pass-11',
      roles: ['registrar'],
    })
    duplicate.assertStatus(409)
    assert.equal(duplicate.body().error.message, 'The login "Admin" is already taken.')
    const russian = await client
      .post('/api/admin/users')
      .header('host', hostOf(tenant))
      .header('accept-language', 'ru')
      .bearerToken(admin.token)
      .json({ login: 'nurse', password: '12345678', roles: ['registrar'] })
    assert.match(russian.body().errors[0].message, /Пароль слишком простой/)
    assert.deepEqual(await inTenant(tenant, async () => (await User.all()).map((u) => u.login)), [
      'admin',
    ])
  })

  test('a password reset lets the user in with the new password and ends old tokens', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('usr')
    const admin = await adminApi(client, tenant)
    const user = (
      await admin.post('/api/admin/users', {
        login: 'desk',
        password: 'Front-pass-01',
        roles: ['registrar'],
      })
    ).body()
    const oldSession = await adminApi(client, tenant, 'desk', 'Front-pass-01')
    ;(await oldSession.get('/api/auth/me')).assertStatus(200)

    const weak = await admin.post(`/api/admin/users/${user.id}/password`, { password: 'short' })
    weak.assertStatus(422)
    ;(
      await admin.post(`/api/admin/users/${user.id}/password`, { password: 'New-front-pass-2' })
    ).assertStatus(200)

    ;(await oldSession.get('/api/auth/me')).assertStatus(401)
    const login = (password: string) =>
      client
        .post('/api/auth/login')
        .header('host', hostOf(tenant))
        .json({ login: 'desk', password })
    ;(await login('Front-pass-01')).assertStatus(400)
    ;(await login('New-front-pass-2')).assertStatus(200)
    const events = await inTenant(tenant, async () =>
      (await AuditLog.query().where('entity_id', String(user.id))).map((row) => row.event)
    )
    assert.include(events, 'user.password_reset')
  })

  test('a deactivated user cannot log in and their tokens stop working', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('usr')
    const admin = await adminApi(client, tenant)
    const user = (
      await admin.post('/api/admin/users', {
        login: 'gone',
        password: 'Leave-pass-01',
        roles: ['registrar'],
      })
    ).body()
    const session = await adminApi(client, tenant, 'gone', 'Leave-pass-01')
    const deactivated = await admin.delete(`/api/admin/users/${user.id}`)
    deactivated.assertStatus(200)
    assert.isFalse(deactivated.body().is_active)
    ;(await session.get('/api/registry')).assertStatus(401)
    const login = await client
      .post('/api/auth/login')
      .header('host', hostOf(tenant))
      .header('accept-language', 'en')
      .json({ login: 'gone', password: 'Leave-pass-01' })
    login.assertStatus(401)
    login.assertBodyContains({ error: { code: 'ACCOUNT_INACTIVE' } })
  })

  test('the last active admin cannot be deactivated or lose the admin role', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('usr')
    const admin = await adminApi(client, tenant)
    const self = (await admin.get('/api/admin/users')).body()[0]

    for (const change of [{ is_active: false }, { roles: ['registrar'] }]) {
      const refused = await admin.put(`/api/admin/users/${self.id}`, change)
      refused.assertStatus(409)
      refused.assertBodyContains({ error: { code: 'LAST_ADMIN' } })
    }
    ;(await admin.delete(`/api/admin/users/${self.id}`)).assertStatus(409)

    const second = (
      await admin.post('/api/admin/users', {
        login: 'boss2',
        password: 'Boss-pass-22',
        roles: ['admin'],
      })
    ).body()
    ;(await admin.put(`/api/admin/users/${self.id}`, { roles: ['registrar'] })).assertStatus(200)
    const boss = await adminApi(client, tenant, 'boss2', 'Boss-pass-22')
    ;(await boss.delete(`/api/admin/users/${second.id}`)).assertStatus(409)
    const stillAdmin = await inTenant(tenant, async () => {
      const user = await User.findByOrFail('login', 'boss2')
      return user.isActive && (await user.hasPermission('users.manage'))
    })
    assert.isTrue(stillAdmin)
  })
})
