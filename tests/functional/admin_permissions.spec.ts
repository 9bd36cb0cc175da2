import { test } from '@japa/runner'
import User from '#models/user'
import Role from '#models/role'
import { SYSTEM_ROLES } from '#services/permission_catalog'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'

/** Every admin API route and the permission code it needs (writes go out empty: 422/404, never data). */
const ROUTES: [method: 'get' | 'post' | 'put' | 'delete', url: string, permission: string][] = [
  ['get', '/api/admin/users', 'users.manage'],
  ['post', '/api/admin/users', 'users.manage'],
  ['put', '/api/admin/users/999999', 'users.manage'],
  ['delete', '/api/admin/users/999999', 'users.manage'],
  ['post', '/api/admin/users/999999/password', 'users.manage'],
  ['get', '/api/admin/roles', 'roles.manage'],
  ['post', '/api/admin/roles', 'roles.manage'],
  ['put', '/api/admin/roles/999999', 'roles.manage'],
  ['get', '/api/admin/settings', 'settings.manage'],
  ['put', '/api/admin/settings', 'settings.manage'],
  ['get', '/api/admin/branches', 'settings.manage'],
  ['post', '/api/admin/branches', 'settings.manage'],
  ['get', '/api/admin/doctors', 'references.manage'],
  ['post', '/api/admin/doctors', 'references.manage'],
  ['put', '/api/admin/doctors/999999', 'references.manage'],
  ['delete', '/api/admin/doctors/999999', 'references.manage'],
  ['get', '/api/admin/doctors/999999/schedule', 'references.manage'],
  ['put', '/api/admin/doctors/999999/schedule', 'references.manage'],
  ['get', '/api/admin/services', 'references.manage'],
  ['post', '/api/admin/services', 'references.manage'],
  ['put', '/api/admin/services/999999', 'references.manage'],
  ['delete', '/api/admin/services/999999', 'references.manage'],
  ['get', '/api/admin/services/export.csv', 'references.manage'],
  ['post', '/api/admin/services/import', 'references.manage'],
  ['get', '/api/admin/logs', 'audit.read'],
  ['get', '/api/admin/dashboard', 'reports.read'],
  ['get', '/api/admin/reports?from=2026-03-01&to=2026-03-31', 'reports.read'],
  ['get', '/api/admin/expenses', 'expenses.manage'],
  ['post', '/api/admin/expenses', 'expenses.manage'],
  ['put', '/api/admin/expenses/999999', 'expenses.manage'],
  ['delete', '/api/admin/expenses/999999', 'expenses.manage'],
  ['get', '/api/admin/payroll', 'payroll.manage'],
  ['post', '/api/admin/payroll', 'payroll.manage'],
  ['put', '/api/admin/payroll/999999', 'payroll.manage'],
  ['delete', '/api/admin/payroll/999999', 'payroll.manage'],
]

/** A custom role: the clinic's accountant. */
const ACCOUNTANT = ['dashboard.view', 'reports.read', 'expenses.manage', 'payroll.manage']

test.group('Admin: permission matrix', () => {
  test('ADM-T11: each role × each admin route: 403 without the code, through with it', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('perm')
    const roles = [...SYSTEM_ROLES.map((role) => role.name), 'accountant']
    await inTenant(tenant, async () => {
      await Role.create({ name: 'accountant', isSystem: false, permissions: ACCOUNTANT })
      for (const name of roles) {
        const user = await User.create({
          login: `u_${name}`,
          password: TEST_PASSWORD,
          isActive: true,
        })
        await user.related('roles').attach([(await Role.findByOrFail('name', name)).id])
      }
    })
    const granted = (role: string, code: string) => {
      if (role === 'admin') return true
      if (role === 'accountant') return ACCOUNTANT.includes(code)
      return SYSTEM_ROLES.find((r) => r.name === role)!.permissions.includes(code)
    }

    const mismatches: string[] = []
    for (const role of roles) {
      const api = await adminApi(client, tenant, `u_${role}`)
      for (const [method, url, code] of ROUTES) {
        const response =
          method === 'get' || method === 'delete'
            ? await api[method](url)
            : await api[method](url, {})
        const allowed = granted(role, code)
        const status = response.status()
        if (allowed ? status === 403 || status === 401 : status !== 403) {
          mismatches.push(`${role} ${method.toUpperCase()} ${url} → ${status}`)
        }
      }
    }
    assert.deepEqual(mismatches, [])
  }).timeout(120_000)

  test('without a token the admin API is 401, and a tenant A token is refused on tenant B', async ({
    client,
  }) => {
    const a = await createTestTenant('perm')
    const b = await createTestTenant('perm')
    ;(await client.get('/api/admin/users').header('host', hostOf(a))).assertStatus(401)
    const tokenA = (await adminApi(client, a)).token
    ;(
      await client.get('/api/admin/users').header('host', hostOf(b)).bearerToken(tokenA)
    ).assertStatus(401)
  })

  test('a role change takes effect on the next request', async ({ client }) => {
    const tenant = await createTestTenant('perm')
    const admin = await adminApi(client, tenant)
    const role = (
      await admin.post('/api/admin/roles', { name: 'clerk', permissions: ['dashboard.view'] })
    ).body()
    await admin.post('/api/admin/users', {
      login: 'clerk1',
      password: 'Clerk-pass-77x',
      roles: ['clerk'],
    })
    const clerk = await adminApi(client, tenant, 'clerk1', 'Clerk-pass-77x')
    ;(await clerk.get('/api/admin/expenses')).assertStatus(403)
    await admin.put(`/api/admin/roles/${role.id}`, {
      name: 'clerk',
      permissions: ['expenses.manage'],
    })
    ;(await clerk.get('/api/admin/expenses')).assertStatus(200)
  })
})

test.group('Admin: audit log', () => {
  test('ADM-T12: every admin write is logged with before/after and can be filtered by date, user and event', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('log')
    const admin = await adminApi(client, tenant)
    const other = (
      await admin.post('/api/admin/users', {
        login: 'second',
        password: 'Boss-pass-88x',
        roles: ['admin'],
      })
    ).body()
    const service = (
      await admin.post('/api/admin/services', { title: 'Приём', category: 'therapy', price: 100 })
    ).body()
    await admin.put(`/api/admin/services/${service.id}`, { price: 200 })
    await admin.put('/api/admin/settings', { values: { 'clinic.name': 'Log clinic' } })
    await admin.post('/api/admin/expenses', {
      category: 'rent',
      amount: 100,
      spent_on: '2026-03-01',
    })
    const second = await adminApi(client, tenant, 'second', 'Boss-pass-88x')
    await second.post('/api/admin/doctors', {
      full_name: 'Врач Второй',
      specialty: 'therapy',
      cabinet: '1',
    })

    const all = (await admin.get('/api/admin/logs?per_page=100')).body()
    const events = all.data.map((row: any) => row.event)
    for (const event of [
      'user.created',
      'service.created',
      'service.updated',
      'settings.updated',
      'expense.created',
      'doctor.created',
    ]) {
      assert.include(events, event)
    }

    const updates = await admin.get('/api/admin/logs?event=service.updated')
    assert.lengthOf(updates.body().data, 1)
    assert.equal(updates.body().data[0].before.price, 100)
    assert.equal(updates.body().data[0].after.price, 200)
    assert.equal(updates.body().data[0].user_name, 'admin')
    /* Entries name their objects as people know them, not "Service #3" (issue 22 item 9). */
    assert.equal(updates.body().data[0].entity_name, 'Приём')
    const doctorCreated = all.data.find((row: any) => row.event === 'doctor.created')
    assert.equal(doctorCreated.entity_name, 'Врач Второй')
    const userCreated = all.data.find((row: any) => row.event === 'user.created')
    assert.equal(userCreated.entity_name, 'second')

    const bySecond = await admin.get(`/api/admin/logs?user_id=${other.id}`)
    assert.deepEqual(
      bySecond.body().data.map((row: any) => row.event),
      ['doctor.created', 'auth.login']
    )
    const prefix = await admin.get('/api/admin/logs?event=service.')
    assert.sameMembers(
      prefix.body().data.map((row: any) => row.event),
      ['service.created', 'service.updated']
    )

    const today = new Date().toISOString().slice(0, 10)
    const inRange = await admin.get(
      `/api/admin/logs?from=${today}&to=${today}&event=expense.created`
    )
    assert.lengthOf(inRange.body().data, 1)
    const past = await admin.get('/api/admin/logs?from=2020-01-01&to=2020-01-31')
    assert.equal(past.body().meta.total, 0)
  })
})
