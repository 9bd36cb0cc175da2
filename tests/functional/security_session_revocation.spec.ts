import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, hostOf, TEST_PASSWORD } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'
import { apiToken } from '#tests/helpers/api'
import { panelSession } from '#tests/helpers/panel_session'
import { subscribe } from '#tests/helpers/boards'
import { SseClient } from '#tests/helpers/sse'

type Credentials = { cookie: string; xsrf: string }

/*
 * Issue 12 F6: sessions live in the cookie itself, so ending one cannot
 * delete it anywhere; a cookie captured from a browser must still stop
 * working once its user logs out, has the password reset, or is deactivated
 * (also after being reactivated). Each test captures a browser's cookies,
 * does the act, then replays them as an attacker holding the copy would.
 */

/** Is this browser's cookie still someone signed in on the tenant's panels and API? */
async function signedIn(client: ApiClient, tenant: Tenant, credentials: Credentials) {
  const replay = (url: string) =>
    client
      .get(url)
      .header('host', hostOf(tenant))
      .header('cookie', credentials.cookie)
      .header('x-xsrf-token', credentials.xsrf)
      .redirects(0)
  const page = await replay('/dashboard')
  const api = await replay('/api/registry')
  if (page.status() === 200) return { page: true, api: api.status() !== 401 }
  if (page.status() !== 302 || page.header('location') !== '/login') {
    throw new Error(`unexpected /dashboard answer ${page.status()}`)
  }
  return { page: false, api: api.status() !== 401 }
}

/** A staff member `desk` (registrar) with the test password; answers their id. */
async function createDesk(admin: Awaited<ReturnType<typeof adminApi>>) {
  const created = await admin.post('/api/admin/users', {
    login: 'desk',
    password: TEST_PASSWORD,
    roles: ['registrar'],
  })
  created.assertStatus(201)
  return created.body().id as number
}

test.group('F6: ended sessions stay ended (cookie store)', () => {
  test('logout ends every session of the user: the captured cookie, another browser, live channels', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('rev')
    const browser = await panelSession(client, tenant, 'admin')
    const other = await panelSession(client, tenant, 'admin')
    const captured = browser.credentials()
    assert.deepEqual(await signedIn(client, tenant, captured), { page: true, api: true })
    const channel = `tenant/${tenant.id}/branch/1/registry`
    const stream = new SseClient(hostOf(tenant))
    await stream.open()
    try {
      const before = await subscribe(client, tenant, stream, channel)
        .header('cookie', captured.cookie)
        .header('x-xsrf-token', captured.xsrf)
      assert.equal(before.status(), 204)

      const logout = await browser.post('/logout')
      logout.assertStatus(302)
      assert.deepEqual(await signedIn(client, tenant, captured), { page: false, api: false })
      assert.deepEqual(await signedIn(client, tenant, other.credentials()), {
        page: false,
        api: false,
      })
      const after = await subscribe(client, tenant, stream, channel)
        .header('cookie', captured.cookie)
        .header('x-xsrf-token', captured.xsrf)
      assert.include([401, 403], after.status())
    } finally {
      stream.close()
    }

    // Logging in again gives a working session.
    const again = await panelSession(client, tenant, 'admin')
    assert.deepEqual(await signedIn(client, tenant, again.credentials()), {
      page: true,
      api: true,
    })
  })

  test("a password reset ends the user's sessions and API tokens, not other users'", async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('rev')
    const admin = await adminApi(client, tenant)
    const deskId = await createDesk(admin)
    const desk = (await panelSession(client, tenant, 'desk')).credentials()
    const deskToken = await apiToken(client, tenant, 'desk')
    const adminBrowser = (await panelSession(client, tenant, 'admin')).credentials()
    assert.deepEqual(await signedIn(client, tenant, desk), { page: true, api: true })

    const reset = await admin.post(`/api/admin/users/${deskId}/password`, {
      password: 'Other-pass-42',
    })
    reset.assertStatus(200)

    assert.deepEqual(await signedIn(client, tenant, desk), { page: false, api: false })
    const byToken = await client
      .get('/api/registry')
      .header('host', hostOf(tenant))
      .bearerToken(deskToken)
    byToken.assertStatus(401)
    assert.deepEqual(await signedIn(client, tenant, adminBrowser), { page: true, api: true })
    // The new password signs in.
    await apiToken(client, tenant, 'desk', 'Other-pass-42')
  })

  test('deactivation ends the sessions for good: reactivating does not revive a captured cookie', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('rev')
    const admin = await adminApi(client, tenant)
    const deskId = await createDesk(admin)
    const desk = (await panelSession(client, tenant, 'desk')).credentials()
    const deskToken = await apiToken(client, tenant, 'desk')
    assert.deepEqual(await signedIn(client, tenant, desk), { page: true, api: true })

    ;(await admin.delete(`/api/admin/users/${deskId}`)).assertStatus(200)
    ;(await admin.put(`/api/admin/users/${deskId}`, { is_active: true })).assertStatus(200)

    assert.deepEqual(await signedIn(client, tenant, desk), { page: false, api: false })
    const byToken = await client
      .get('/api/registry')
      .header('host', hostOf(tenant))
      .bearerToken(deskToken)
    byToken.assertStatus(401)
    // Reactivated, the user signs in again.
    const fresh = (await panelSession(client, tenant, 'desk')).credentials()
    assert.deepEqual(await signedIn(client, tenant, fresh), { page: true, api: true })
  })

  test('deactivation through the edit form (is_active: false) ends the sessions too', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('rev')
    const admin = await adminApi(client, tenant)
    const deskId = await createDesk(admin)
    const desk = (await panelSession(client, tenant, 'desk')).credentials()

    ;(await admin.put(`/api/admin/users/${deskId}`, { is_active: false })).assertStatus(200)
    ;(await admin.put(`/api/admin/users/${deskId}`, { is_active: true })).assertStatus(200)
    assert.deepEqual(await signedIn(client, tenant, desk), { page: false, api: false })
  })
})
