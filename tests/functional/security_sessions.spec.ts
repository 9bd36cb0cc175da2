import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { panelSession } from '#tests/helpers/panel_session'
import { setupRegistry } from '#tests/helpers/registry'
import { SseClient } from '#tests/helpers/sse'
import { createBoard, subscribe } from '#tests/helpers/boards'

type Credentials = { cookie: string; xsrf: string }

/** A request carrying a browser's cookies (and its XSRF header) to a tenant's host. */
function withCookies(request: ReturnType<ApiClient['get']>, credentials: Credentials) {
  return request
    .header('cookie', credentials.cookie)
    .header('x-xsrf-token', credentials.xsrf)
    .redirects(0)
}

/** Every live channel kind of `tenant`: registry, payments, a doctor's queue, a board. */
async function channelsOf(client: ApiClient, tenant: Tenant) {
  const { doctors } = await setupRegistry(tenant)
  const board = await createBoard(client, tenant)
  return {
    board,
    names: [
      `tenant/${tenant.id}/branch/1/registry`,
      `tenant/${tenant.id}/branch/1/payments`,
      `tenant/${tenant.id}/doctor/${doctors.therapy.id}/queue`,
      `tenant/${tenant.id}/board/${board.id}`,
    ],
  }
}

/**
 * Issue 12 F1: a session belongs to the host that issued it. Sessions are
 * signed with the one app key, so clinic A's cookie verifies on clinic B;
 * on B it must find nobody signed in, on every route and live channel.
 */
test.group('Security: sessions are bound to their tenant', () => {
  test("A's session cookie subscribes to none of B's live channels; B's own does", async ({
    client,
    assert,
  }) => {
    const a = await createTestTenant('sba')
    const b = await createTestTenant('sbb')
    await setupRegistry(a)
    const { names } = await channelsOf(client, b)
    const fromA = (await panelSession(client, a, 'admin')).credentials()
    const ownB = (await panelSession(client, b, 'admin')).credentials()

    const stream = new SseClient(hostOf(b))
    await stream.open()
    try {
      for (const channel of names) {
        const foreign = await withCookies(subscribe(client, b, stream, channel), fromA)
        assert.include([401, 403], foreign.status(), `A's cookie on ${channel}`)
      }
      for (const channel of names.slice(0, 3)) {
        const own = await withCookies(subscribe(client, b, stream, channel), ownB)
        assert.equal(own.status(), 204, `B's own session on ${channel}`)
      }
    } finally {
      stream.close()
    }
  })

  test("A's bearer token and A's board key open none of B's live channels", async ({
    client,
    assert,
  }) => {
    const a = await createTestTenant('sba')
    const b = await createTestTenant('sbb')
    const onA = await channelsOf(client, a)
    const { names } = await channelsOf(client, b)
    const tokenA = await apiToken(client, a, 'admin')

    const stream = new SseClient(hostOf(b))
    await stream.open()
    try {
      for (const channel of names) {
        const byToken = await subscribe(client, b, stream, channel, { token: tokenA })
        assert.equal(byToken.status(), 403, `A's token on ${channel}`)
        const byKey = await subscribe(client, b, stream, channel, { key: onA.board.key })
        assert.equal(byKey.status(), 403, `A's board key on ${channel}`)
      }
    } finally {
      stream.close()
    }
  })

  test("A's session on B's panels and API finds nobody signed in; logging in on B replaces it", async ({
    client,
    assert,
  }) => {
    const a = await createTestTenant('sba')
    const b = await createTestTenant('sbb')
    const sessionA = await panelSession(client, a, 'admin')
    const fromA = sessionA.credentials()

    const dashboard = await withCookies(client.get('/dashboard').header('host', hostOf(b)), fromA)
    dashboard.assertStatus(302)
    assert.equal(dashboard.header('location'), '/login')
    const me = await withCookies(client.get('/api/auth/me').header('host', hostOf(b)), fromA)
    me.assertStatus(401)
    const login = await withCookies(client.get('/login').header('host', hostOf(b)), fromA)
    login.assertStatus(200)

    // A's own session is untouched on A (the cookie is host-only).
    ;(await sessionA.get('/dashboard')).assertStatus(200)
  })
})
