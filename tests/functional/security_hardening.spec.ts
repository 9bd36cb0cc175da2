import { statSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { test } from '@japa/runner'
import tenancyConfig from '#config/tenancy'
import { exposedDemoWarning } from '#services/platform_setup'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { setupRegistry, staffApi } from '#tests/helpers/registry'
import { apiToken } from '#tests/helpers/api'
import { createBoard } from '#tests/helpers/boards'

/** Permission bits of a path ("600", "700"). */
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8)

/** Every file and folder under `dir`. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? [path, ...walk(path)] : [path]
  })
}

/** Issue 12 F10: hardening a black-box attack asked for. */
test.group('Security: hardening', () => {
  test('pages whose URL holds a secret (board key, QR token) and the panels send Referrer-Policy: same-origin (no other site learns them)', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('hrd')
    const { doctors } = await setupRegistry(tenant)
    const board = await createBoard(client, tenant)
    const qr = await (
      await staffApi(client, tenant)
    ).post('/api/queue/qrcode', {
      specialist_id: doctors.therapy.id,
    })
    for (const path of [`/display/${board.key}`, `/q/${qr.body().token}`, '/login']) {
      const page = await client.get(path).header('host', hostOf(tenant))
      assert.equal(page.header('referrer-policy'), 'same-origin', path)
    }
  })

  test('/health mints no session or XSRF cookie, even for a browser that sends cookies', async ({
    client,
    assert,
  }) => {
    const bare = await client.get('/health')
    const withCookies = await client.get('/health').header('cookie', 'clinic-session=abc; x=1')
    for (const response of [bare, withCookies]) {
      response.assertStatus(200)
      assert.isUndefined(response.headers()['set-cookie'])
    }
  })

  test('what the app writes is private to its user: files 0600, folders 0700', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('hrd')
    const token = await apiToken(client, tenant, 'admin')
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64'
    )
    const uploaded = await client
      .post('/api/admin/settings/logo')
      .header('host', hostOf(tenant))
      .bearerToken(token)
      .file('logo', png, { filename: 'logo.png' })
    assert.isBelow(uploaded.status(), 300, 'the logo is stored')
    const written = walk(tenancyConfig.storagePath)
    assert.isNotEmpty(written)
    for (const path of written) {
      assert.include(['600', '700'], modeOf(path), path)
    }
    if (tenancyConfig.driver === 'sqlite') {
      assert.equal(modeOf(join(tenancyConfig.sqliteDirectory, `${tenant.slug}.sqlite`)), '600')
    }
  })

  test('the demo clinic listening beyond this machine says so loudly; on loopback it does not', ({
    assert,
  }) => {
    assert.isNull(exposedDemoWarning('127.0.0.1', true))
    assert.isNull(exposedDemoWarning('::1', true))
    assert.isNull(exposedDemoWarning('0.0.0.0', false))
    assert.match(exposedDemoWarning('0.0.0.0', true)!.join('\n'), /WARNING.*published password/)
    assert.match(exposedDemoWarning(undefined, true)!.join('\n'), /HOST=0\.0\.0\.0/)
  })
})
