import { test } from '@japa/runner'
import { generate } from 'otplib'
import User from '#models/user'
import AuditLog from '#models/audit_log'
import { ipAllowed } from '#services/admin/admin_guard'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'

test.group('Admin security: TOTP second factor', () => {
  test('enrol, then the login needs the code; a wrong code is refused; an admin can reset it', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('tfa')
    const admin = await adminApi(client, tenant)
    await admin.post('/api/admin/users', {
      login: 'desk',
      password: 'Front-pass-01',
      roles: ['registrar'],
    })
    const desk = await adminApi(client, tenant, 'desk', 'Front-pass-01')

    const setup = await desk.post('/api/auth/2fa/setup')
    setup.assertStatus(200)
    assert.match(setup.body().otpauth_url, /^otpauth:\/\/totp\/.+secret=/)
    assert.match(setup.body().qr_svg, /^<svg/)
    const secret = setup.body().secret as string
    const stored = await inTenant(tenant, () => User.findByOrFail('login', 'desk'))
    assert.notInclude(stored.totpSecret ?? '', secret, 'stored encrypted')

    ;(await desk.post('/api/auth/2fa/enable', { code: '000000' })).assertStatus(401)
    ;(await desk.post('/api/auth/2fa/enable', { code: await generate({ secret }) })).assertStatus(
      200
    )

    const login = (otp?: string) =>
      client
        .post('/api/auth/login')
        .header('host', hostOf(tenant))
        .header('accept-language', 'ru')
        .json({ login: 'desk', password: 'Front-pass-01', ...(otp ? { otp } : {}) })
    const withoutCode = await login()
    withoutCode.assertStatus(401)
    assert.equal(withoutCode.body().error.message, 'Введите код из приложения-аутентификатора.')
    const wrong = await login('123456')
    wrong.assertStatus(401)
    wrong.assertBodyContains({ error: { code: 'TWO_FACTOR_INVALID' } })
    ;(await login(await generate({ secret }))).assertStatus(200)

    const listed = (await admin.get('/api/admin/users')).body().find((u: any) => u.login === 'desk')
    assert.isTrue(listed.two_factor)
    ;(await admin.delete(`/api/admin/users/${listed.id}/2fa`)).assertStatus(200)
    ;(await login()).assertStatus(200)
    const events = await inTenant(tenant, async () =>
      (await AuditLog.query().where('entity_id', String(listed.id))).map((row) => row.event)
    )
    assert.includeMembers(events, ['user.2fa_enabled', 'user.2fa_reset'])
  })

  test('a role that must use 2FA is kept out of the admin API until it is on, and cannot turn it off', async ({
    client,
  }) => {
    const tenant = await createTestTenant('tfa')
    const admin = await adminApi(client, tenant)
    await admin.post('/api/admin/users', {
      login: 'boss2',
      password: 'Boss-pass-88x',
      roles: ['admin'],
    })
    ;(
      await admin.put('/api/admin/settings', {
        values: { 'security.require_2fa_roles': ['admin'] },
      })
    ).assertStatus(200)

    const boss = await adminApi(client, tenant, 'boss2', 'Boss-pass-88x')
    const refused = await boss.get('/api/admin/users')
    refused.assertStatus(403)
    refused.assertBodyContains({ error: { code: 'TWO_FACTOR_SETUP_REQUIRED' } })
    ;(await boss.get('/api/registry')).assertStatus(200)

    const secret = (await boss.post('/api/auth/2fa/setup')).body().secret
    ;(await boss.post('/api/auth/2fa/enable', { code: await generate({ secret }) })).assertStatus(
      200
    )
    ;(await boss.get('/api/admin/users')).assertStatus(200)
    const off = await boss.post('/api/auth/2fa/disable', { code: await generate({ secret }) })
    off.assertStatus(409)
    off.assertBodyContains({ error: { code: 'TWO_FACTOR_ENFORCED' } })
  })
})

test.group('Admin security: IP allow-list', () => {
  test('addresses and CIDR ranges, IPv4 and IPv6', ({ assert }) => {
    assert.isTrue(ipAllowed('10.0.0.7', []))
    assert.isTrue(ipAllowed('10.0.0.7', ['10.0.0.0/24']))
    assert.isTrue(ipAllowed('::ffff:10.0.0.7', ['10.0.0.0/24']))
    assert.isFalse(ipAllowed('10.0.1.7', ['10.0.0.0/24', '192.168.1.5']))
    assert.isTrue(ipAllowed('192.168.1.5', ['10.0.0.0/24', '192.168.1.5']))
    assert.isTrue(ipAllowed('2001:db8::1', ['2001:db8::/32']))
  })

  test('a list without the admin own address is refused; with it, other addresses get 403 on the admin API only', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('ipl')
    const admin = await adminApi(client, tenant)
    const lockout = await admin.put('/api/admin/settings', {
      values: { 'security.admin_ip_allowlist': ['203.0.113.0/24'] },
    })
    lockout.assertStatus(422)
    assert.equal(lockout.body().errors[0].field, 'values.security.admin_ip_allowlist')
    assert.match(lockout.body().errors[0].message, /lock yourself out/)

    const saved = await admin.put('/api/admin/settings', {
      values: { 'security.admin_ip_allowlist': ['127.0.0.1', '::1'] },
    })
    saved.assertStatus(200)
    ;(await admin.get('/api/admin/users')).assertStatus(200)
    await admin.put('/api/admin/settings', {
      values: { 'security.admin_ip_allowlist': ['127.0.0.1', '::1', '198.51.100.0/24'] },
    })

    const outside = await client
      .get('/api/admin/users')
      .header('host', hostOf(tenant))
      .header('x-forwarded-for', '203.0.113.9')
      .bearerToken(admin.token)
    outside.assertStatus(403)
    outside.assertBodyContains({ error: { code: 'IP_NOT_ALLOWED' } })
    const inside = await client
      .get('/api/admin/users')
      .header('host', hostOf(tenant))
      .header('x-forwarded-for', '198.51.100.20')
      .bearerToken(admin.token)
    inside.assertStatus(200)
    const registry = await client
      .get('/api/registry')
      .header('host', hostOf(tenant))
      .header('x-forwarded-for', '203.0.113.9')
      .bearerToken(admin.token)
    registry.assertStatus(200)
  })
})
