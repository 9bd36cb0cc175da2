import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { generate } from 'otplib'
import { adminGuard } from '#services/admin/admin_guard'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'
import { createBoard } from '#tests/helpers/boards'
import { panelSession } from '#tests/helpers/panel_session'

/*
 * Issue 12 F3: every admin route is behind the admin guard (the clinic's IP
 * allow-list and the second factor its roles must use). The first test reads
 * the router's registered routes, so a route added later under /admin or
 * /api/admin without the guard fails it without anyone listing it here.
 *
 * The tests connect from loopback, a trusted proxy by default, so a request
 * from an outside address is one whose X-Forwarded-For names it (as the
 * clinic's reverse proxy would); the allow-list keeps loopback itself in.
 */
const ADMIN_PATH = /^\/(api\/)?admin(\/|$)/
const OUTSIDE = '203.0.113.9'
const ALLOWED_LIST = ['127.0.0.1', '::1', '198.51.100.0/24']

/** Every registered route (all domains) as `METHOD /pattern` with its middleware set. */
function registeredRoutes() {
  return Object.values(router.toJSON()).flatMap((routes) =>
    routes.map((route) => ({
      name: `${route.methods.join('|')} ${route.pattern}`,
      pattern: route.pattern,
      guarded: route.middleware.all().has(adminGuard as any),
    }))
  )
}

test.group('F3: every admin route is behind the admin guard', () => {
  test('each /admin and /api/admin route of the route list runs adminGuard', ({ assert }) => {
    const adminRoutes = registeredRoutes().filter((route) => ADMIN_PATH.test(route.pattern))
    const names = adminRoutes.map((route) => route.name)
    // The walk sees the routes of every file, not only start/routes/admin.ts.
    for (const known of [
      'GET|HEAD /api/admin/users',
      'POST /api/admin/boards/:id/rotate-key',
      'GET|HEAD /api/admin/workstations',
      'POST /api/admin/print-templates/:name/preview',
      'POST /api/admin/plugins/:id/enable',
      'GET|HEAD /api/admin/permissions',
      'GET|HEAD /admin/boards',
      'GET|HEAD /admin/plugins',
      'POST /admin/plugins/:id/disable',
      'POST /admin/users',
    ]) {
      assert.include(names, known)
    }
    const unguarded = adminRoutes.filter((route) => !route.guarded).map((route) => route.name)
    assert.deepEqual(unguarded, [], `admin routes without adminGuard:\n${unguarded.join('\n')}`)
  })

  test('from an address outside the allow-list, board rotate-key and plugin toggles are refused', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('agd')
    const board = await createBoard(client, tenant)
    const admin = await adminApi(client, tenant)
    const panel = await panelSession(client, tenant, 'admin')
    ;(
      await admin.put('/api/admin/settings', {
        values: { 'security.admin_ip_allowlist': ALLOWED_LIST },
      })
    ).assertStatus(200)
    const outside = (method: 'get' | 'post', url: string) =>
      client[method](url)
        .header('host', hostOf(tenant))
        .header('x-forwarded-for', OUTSIDE)
        .bearerToken(admin.token)

    const rotate = await outside('post', `/api/admin/boards/${board.id}/rotate-key`)
    rotate.assertStatus(403)
    rotate.assertBodyContains({ error: { code: 'IP_NOT_ALLOWED' } })
    const toggle = await outside('post', '/api/admin/plugins/test_plugin/enable')
    toggle.assertStatus(403)
    toggle.assertBodyContains({ error: { code: 'IP_NOT_ALLOWED' } })
    for (const url of ['/api/admin/boards', '/api/admin/workstations', '/api/admin/permissions']) {
      ;(await outside('get', url)).assertStatus(403)
    }
    ;(await outside('get', '/api/admin/print-templates/receipt')).assertStatus(403)

    // The panel's pages and form posts with the same session, from outside.
    const credentials = panel.credentials()
    const fromPanel = (method: 'get' | 'post', url: string) =>
      client[method](url)
        .header('host', hostOf(tenant))
        .header('x-forwarded-for', OUTSIDE)
        .header('cookie', credentials.cookie)
        .header('x-xsrf-token', credentials.xsrf)
        .redirects(0)
    for (const url of ['/admin/boards', '/admin/plugins']) {
      assert.equal((await fromPanel('get', url)).status(), 403, url)
    }
    assert.equal((await fromPanel('post', '/admin/plugins/test_plugin/enable')).status(), 403)

    // Nothing changed: the old key still opens the board, the plugin is still off.
    const plugins = await admin.get('/api/admin/plugins')
    plugins.assertStatus(200)
    const testPlugin = plugins.body().plugins.find((plugin: any) => plugin.id === 'test_plugin')
    assert.isFalse(testPlugin.enabled)
    const state = await client
      .get('/api/board/state')
      .header('host', hostOf(tenant))
      .header('x-board-key', board.key)
    state.assertStatus(200)

    // From an allowed address (through the proxy, or loopback itself) the same calls work.
    const inside = await client
      .post(`/api/admin/boards/${board.id}/rotate-key`)
      .header('host', hostOf(tenant))
      .header('x-forwarded-for', '198.51.100.20')
      .bearerToken(admin.token)
    inside.assertStatus(200)
    ;(await admin.post('/api/admin/plugins/test_plugin/enable')).assertStatus(200)
  })

  test('a role that must use 2FA cannot rotate a board key or toggle a plugin until it is on', async ({
    client,
  }) => {
    const tenant = await createTestTenant('agd')
    const board = await createBoard(client, tenant)
    const admin = await adminApi(client, tenant)
    await admin.post('/api/admin/users', {
      login: 'boss3',
      password: 'Boss-pass-77x',
      roles: ['admin'],
    })
    ;(
      await admin.put('/api/admin/settings', {
        values: { 'security.require_2fa_roles': ['admin'] },
      })
    ).assertStatus(200)
    const boss = await adminApi(client, tenant, 'boss3', 'Boss-pass-77x')

    for (const response of [
      await boss.post(`/api/admin/boards/${board.id}/rotate-key`),
      await boss.post('/api/admin/plugins/test_plugin/enable'),
      await boss.get('/api/admin/workstations'),
      await boss.get('/api/admin/permissions'),
    ]) {
      response.assertStatus(403)
      response.assertBodyContains({ error: { code: 'TWO_FACTOR_SETUP_REQUIRED' } })
    }

    const secret = (await boss.post('/api/auth/2fa/setup')).body().secret
    ;(await boss.post('/api/auth/2fa/enable', { code: await generate({ secret }) })).assertStatus(
      200
    )
    ;(await boss.post(`/api/admin/boards/${board.id}/rotate-key`)).assertStatus(200)
  })
})
