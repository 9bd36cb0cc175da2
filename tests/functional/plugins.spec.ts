import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import AuditLog from '#models/audit_log'
import User from '#models/user'
import jobQueue from '#services/jobs/job_queue'
import { buildNavigation } from '#services/navigation'
import { currentTenantOrFail } from '#tenants/context'
import tenantMigrator from '#tenants/tenant_migrator'
import type Tenant from '#tenants/models/tenant'
import { definePlugin } from '#plugin_api/define_plugin'
import pluginRegistry, { PluginRegistry } from '#plugin_api/plugin_registry'
import pluginState, { PluginStateService } from '#plugin_api/plugin_state_service'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { panelSession } from '#tests/helpers/panel_session'

const NAME = { ru: 'Модуль', uz: 'Modul', en: 'Plugin' }

/** Calls the staff API of a tenant as its admin. */
async function asAdmin(client: ApiClient, tenant: Tenant) {
  const token = await apiToken(client, tenant)
  return {
    get: (url: string) => client.get(url).header('host', hostOf(tenant)).bearerToken(token),
    post: (url: string, body: object = {}) =>
      client.post(url).header('host', hostOf(tenant)).bearerToken(token).json(body),
    put: (url: string, body: object = {}) =>
      client.put(url).header('host', hostOf(tenant)).bearerToken(token).json(body),
  }
}

function hasTable(tenant: Tenant, table: string) {
  return inTenant(tenant, () =>
    db.connection(currentTenantOrFail().connectionName).schema.hasTable(table)
  )
}

function auditEvents(tenant: Tenant, event: string) {
  return inTenant(tenant, () => AuditLog.query().where('event', event))
}

/** Writes `<root>/<folder>/plugin.ts` exporting `source` (the manifest object literal). */
function writePlugin(root: string, folder: string, source: string) {
  mkdirSync(join(root, folder), { recursive: true })
  writeFileSync(
    join(root, folder, 'plugin.ts'),
    `import { definePlugin } from '#plugin_api/define_plugin'\nexport default definePlugin(${source})\n`
  )
}

test.group('Plugins: discovery', () => {
  test('fixture plugins are loaded in dependency order; an incompatible host range is refused', ({
    assert,
  }) => {
    const ids = pluginRegistry.all().map((plugin) => plugin.id)
    assert.includeMembers(ids, ['test_plugin', 'test_dependent'])
    assert.isBelow(ids.indexOf('test_plugin'), ids.indexOf('test_dependent'))
    assert.notInclude(ids, 'test_incompatible')

    const refused = pluginRegistry.refused().find((plugin) => plugin.id === 'test_incompatible')
    assert.exists(refused)
    assert.match(refused!.reasons.join(' '), /host: needs host \^2\.0\.0, this host is 1\.0\.0/)
    assert.equal(
      pluginRegistry.get('test_plugin')!.migrationsPath,
      'tests/fixtures/plugins/test_plugin/database/migrations'
    )
  })

  test('discovery on disk refuses bad ids, versions, host ranges, missing requires and duplicates', async ({
    assert,
    cleanup,
  }) => {
    const base = app.makePath(`tmp/plugin-discovery-${process.pid}`)
    cleanup(() => rmSync(base, { recursive: true, force: true }))
    const first = join(base, 'first')
    const second = join(base, 'second')
    const manifest = (id: string, extra = '') =>
      `{ id: '${id}', version: '1.0.0', host: '^1.0.0', name: ${JSON.stringify(NAME)}${extra} }`

    writePlugin(first, 'good', manifest('good'))
    writePlugin(first, 'acme.xray', manifest('acme.xray', `, requires: { good: '^1.0.0' }`))
    writePlugin(first, 'Bad-Id', manifest('Bad-Id'))
    writePlugin(
      first,
      'bad_version',
      `{ id: 'bad_version', version: 'one', host: '^1.0.0', name: ${JSON.stringify(NAME)} }`
    )
    writePlugin(
      first,
      'future',
      `{ id: 'future', version: '1.0.0', host: '>=3.0.0', name: ${JSON.stringify(NAME)} }`
    )
    writePlugin(first, 'orphan', manifest('orphan', `, requires: { missing_one: '^1.0.0' }`))
    writePlugin(first, 'misnamed', manifest('other_name'))
    writePlugin(
      first,
      'no_migrations',
      manifest('no_migrations', `, migrations: 'database/migrations'`)
    )
    mkdirSync(join(first, 'broken'), { recursive: true })
    writeFileSync(join(first, 'broken', 'plugin.ts'), `throw new Error('kaboom')\n`)
    writePlugin(second, 'good', manifest('good'))

    const registry = new PluginRegistry({ quiet: true })
    await registry.discover([first, second])

    assert.deepEqual(
      registry.all().map((plugin) => plugin.id),
      ['good', 'acme.xray']
    )
    const reasonsOf = (source: string) =>
      registry
        .refused()
        .find((plugin) => plugin.source.includes(source))
        ?.reasons.join(' ') ?? ''
    assert.match(reasonsOf('Bad-Id/'), /^id: /)
    assert.match(reasonsOf('bad_version/'), /version: .*semver/)
    assert.match(reasonsOf('future/'), /host: needs host >=3\.0\.0/)
    assert.match(reasonsOf('orphan/'), /requires: "missing_one" \^1\.0\.0 is not available/)
    assert.match(reasonsOf('misnamed/'), /must equal its folder name/)
    assert.match(
      reasonsOf('no_migrations/'),
      /migrations: folder "database\/migrations" does not exist/
    )
    assert.match(reasonsOf('broken/'), /could not be imported: kaboom/)
    assert.match(reasonsOf('second/good/'), /id: duplicate of "good"/)
  })

  test('GET /api/admin/plugins lists loaded plugins with the tenant state and refused ones', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-list')
    const api = await asAdmin(client, tenant)

    const response = await api.get('/api/admin/plugins')
    response.assertStatus(200)
    const { plugins, refused } = response.body()
    const testPlugin = plugins.find((plugin: any) => plugin.id === 'test_plugin')
    assert.deepInclude(testPlugin, {
      id: 'test_plugin',
      version: '1.2.0',
      enabled: false,
      installed_version: null,
      installed_at: null,
      requires: {},
      required_by: ['test_dependent'],
    })
    assert.equal(testPlugin.name.en, 'Test plugin')
    assert.equal(testPlugin.permissions[0].code, 'test_plugin.notes.read')
    assert.deepInclude(
      plugins.find((plugin: any) => plugin.id === 'test_dependent'),
      { requires: { test_plugin: '^1.0.0' } }
    )
    assert.isTrue(
      refused.some((plugin: any) => plugin.id === 'test_incompatible' && plugin.reasons.length > 0)
    )
  })
})

test.group('Plugins: lifecycle per tenant', () => {
  test('enabling runs the plugin migrations in that tenant only and calls install', async ({
    client,
    assert,
  }) => {
    const a = await createTestTenant('plg-a')
    const b = await createTestTenant('plg-b')
    assert.isFalse(await hasTable(a, 'test_plugin_notes'))

    const response = await (await asAdmin(client, a)).post('/api/admin/plugins/test_plugin/enable')
    response.assertStatus(200)
    response.assertBodyContains({ id: 'test_plugin', enabled: true, installed_version: '1.2.0' })
    assert.isString(response.body().installed_at)

    assert.isTrue(await hasTable(a, 'test_plugin_notes'))
    assert.isTrue(await hasTable(a, 'plugin_test_plugin_schema'))
    assert.isFalse(await hasTable(b, 'test_plugin_notes'))
    assert.lengthOf(await auditEvents(a, 'test_plugin.installed'), 1)
    const [enabled] = await auditEvents(a, 'plugin.enabled')
    assert.equal(enabled.entityId, 'test_plugin')
    assert.isNotNull(enabled.userId)
    assert.isTrue(await pluginState.isEnabled(a.id, 'test_plugin'))
    assert.isFalse(await pluginState.isEnabled(b.id, 'test_plugin'))
  })

  test('plugin routes answer only where the plugin is enabled', async ({ client }) => {
    const a = await createTestTenant('plg-a')
    const b = await createTestTenant('plg-b')
    const apiA = await asAdmin(client, a)
    const apiB = await asAdmin(client, b)

    ;(await apiA.get('/api/test-plugin/notes')).assertStatus(404)
    await apiA.post('/api/admin/plugins/test_plugin/enable')

    const created = await apiA.post('/api/test-plugin/notes', { body: 'first note' })
    created.assertStatus(201)
    const listed = await apiA.get('/api/test-plugin/notes')
    listed.assertStatus(200)
    listed.assertBodyContains({ greeting: 'hello', notes: [{ body: 'first note' }] })

    const elsewhere = await apiB.get('/api/test-plugin/notes')
    elsewhere.assertStatus(404)
    elsewhere.assertBodyContains({ error: { code: 'NOT_FOUND' } })

    ;(await apiA.post('/api/admin/plugins/test_plugin/disable')).assertStatus(200)
    ;(await apiA.get('/api/test-plugin/notes')).assertStatus(404)
    ;(await client.get('/api/test-plugin/notes')).assertStatus(404)
  })

  test('disable calls uninstall and keeps the data; enabling again finds it', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-un')
    const api = await asAdmin(client, tenant)
    await api.post('/api/admin/plugins/test_plugin/enable')
    await api.post('/api/test-plugin/notes', { body: 'kept' })

    const disabled = await api.post('/api/admin/plugins/test_plugin/disable')
    disabled.assertStatus(200)
    disabled.assertBodyContains({ id: 'test_plugin', enabled: false })
    assert.lengthOf(await auditEvents(tenant, 'test_plugin.uninstalled'), 1)
    assert.lengthOf(await auditEvents(tenant, 'plugin.disabled'), 1)
    assert.isTrue(await hasTable(tenant, 'test_plugin_notes'))

    await api.post('/api/admin/plugins/test_plugin/enable')
    const listed = await api.get('/api/test-plugin/notes')
    listed.assertBodyContains({ notes: [{ body: 'kept' }] })
    assert.lengthOf(await auditEvents(tenant, 'test_plugin.installed'), 2)
  })

  test('requirements: 409 PLUGIN_REQUIRES before, 409 PLUGIN_REQUIRED_BY after', async ({
    client,
  }) => {
    const tenant = await createTestTenant('plg-dep')
    const api = await asAdmin(client, tenant)

    const early = await api.post('/api/admin/plugins/test_dependent/enable')
    early.assertStatus(409)
    early.assertBodyContains({ error: { code: 'PLUGIN_REQUIRES', requires: 'test_plugin' } })

    ;(await api.post('/api/admin/plugins/test_plugin/enable')).assertStatus(200)
    ;(await api.post('/api/admin/plugins/test_dependent/enable')).assertStatus(200)

    const blocked = await api.post('/api/admin/plugins/test_plugin/disable')
    blocked.assertStatus(409)
    blocked.assertBodyContains({
      error: { code: 'PLUGIN_REQUIRED_BY', dependents: 'test_dependent' },
    })

    ;(await api.post('/api/admin/plugins/test_dependent/disable')).assertStatus(200)
    ;(await api.post('/api/admin/plugins/test_plugin/disable')).assertStatus(200)
  })

  test('unknown and refused plugins are 404 PLUGIN_NOT_FOUND; admin routes need plugins.manage', async ({
    client,
  }) => {
    const tenant = await createTestTenant('plg-404')
    const api = await asAdmin(client, tenant)

    const unknown = await api.post('/api/admin/plugins/nope/enable')
    unknown.assertStatus(404)
    unknown.assertBodyContains({ error: { code: 'PLUGIN_NOT_FOUND' } })
    ;(await api.post('/api/admin/plugins/test_incompatible/enable')).assertStatus(404)

    await api.post('/api/admin/users', {
      login: 'reg1',
      password: 'secret-pass-1',
      roles: ['registrar'],
    })
    const registrar = await apiToken(client, tenant, 'reg1')
    const forbidden = await client
      .post('/api/admin/plugins/test_plugin/enable')
      .header('host', hostOf(tenant))
      .bearerToken(registrar)
    forbidden.assertStatus(403)
  })
})

test.group('Plugins: permissions, settings, navigation, jobs, events', () => {
  test('plugin permission codes are listed once enabled and enforced on its routes', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-perm')
    const api = await asAdmin(client, tenant)
    const codes = async () =>
      ((await api.get('/api/admin/permissions')).body() as any[]).map((p) => p.code)

    assert.include(await codes(), 'roles.manage')
    assert.notInclude(await codes(), 'test_plugin.notes.read')
    await api.post('/api/admin/plugins/test_plugin/enable')
    const permissions = (await api.get('/api/admin/permissions')).body() as any[]
    assert.deepInclude(permissions, {
      code: 'test_plugin.notes.read',
      label: { ru: 'Читать заметки', uz: "Eslatmalarni o'qish", en: 'Read notes' },
      plugin_id: 'test_plugin',
    })
    assert.deepInclude(
      permissions.find((p) => p.code === 'roles.manage'),
      { plugin_id: null }
    )

    await api.post('/api/admin/users', {
      login: 'reg1',
      password: 'secret-pass-1',
      roles: ['registrar'],
    })
    const registrar = await apiToken(client, tenant, 'reg1')
    const denied = await client
      .get('/api/test-plugin/notes')
      .header('host', hostOf(tenant))
      .bearerToken(registrar)
    denied.assertStatus(403)
    denied.assertBodyContains({ error: { code: 'FORBIDDEN' } })
    ;(
      await client
        .get('/api/admin/permissions')
        .header('host', hostOf(tenant))
        .bearerToken(registrar)
    ).assertStatus(403)
  })

  test('plugin settings appear with their default once enabled and can be changed', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-set')
    const api = await asAdmin(client, tenant)

    const before = await api.get('/api/admin/settings')
    assert.notInclude(Object.keys(before.body().values), 'test_plugin.greeting')
    ;(
      await api.put('/api/admin/settings', { values: { 'test_plugin.greeting': 'salom' } })
    ).assertStatus(422)

    await api.post('/api/admin/plugins/test_plugin/enable')
    const settings = await api.get('/api/admin/settings')
    settings.assertStatus(200)
    settings.assertBodyContains({ values: { 'test_plugin.greeting': 'hello' } })

    ;(
      await api.put('/api/admin/settings', { values: { 'test_plugin.greeting': '' } })
    ).assertStatus(422)
    ;(
      await api.put('/api/admin/settings', { values: { 'test_plugin.greeting': 'salom' } })
    ).assertStatus(200)
    ;(await api.get('/api/test-plugin/notes')).assertBodyContains({ greeting: 'salom' })
  })

  test('navigation shows the plugin entry only while it is enabled', async ({ assert }) => {
    const tenant = await createTestTenant('plg-nav')
    const hrefs = () =>
      inTenant(tenant, async () => {
        const admin = await User.findByOrFail('login', 'admin')
        return (await buildNavigation(admin))
          .filter((entry) => entry.group === 'plugins')
          .map((entry) => entry.href)
      })

    assert.deepEqual(await hrefs(), [])
    await pluginState.enable(tenant, 'test_plugin')
    assert.deepEqual(await hrefs(), ['/test-plugin'])
    await pluginState.disable(tenant, 'test_plugin')
    assert.deepEqual(await hrefs(), [])
  })

  test('a job registered by boot runs inside its tenant, and is skipped where the plugin is off', async ({
    assert,
  }) => {
    const a = await createTestTenant('plg-job')
    const b = await createTestTenant('plg-job')
    await pluginState.enable(a, 'test_plugin')
    const bodies = () =>
      inTenant(a, async () =>
        (await db.connection(currentTenantOrFail().connectionName).from('test_plugin_notes')).map(
          (row) => row.body
        )
      )

    await inTenant(a, () =>
      currentTenantOrFail().jobs.dispatch('test_plugin.stamp', { text: 'from-a' })
    )
    await inTenant(b, () =>
      currentTenantOrFail().jobs.dispatch('test_plugin.stamp', { text: 'from-b' })
    )
    await jobQueue.drain()

    assert.deepEqual(await bodies(), ['job:from-a'])
    assert.isFalse(await hasTable(b, 'test_plugin_notes'))
  })

  test('an event listener registered by boot runs inside the tenant', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-evt')
    const api = await asAdmin(client, tenant)
    await api.post('/api/admin/plugins/test_plugin/enable')

    const created = await api.post('/api/test-plugin/notes', { body: 'seen?' })
    const seen = await auditEvents(tenant, 'test_plugin.note_seen')
    assert.lengthOf(seen, 1)
    assert.equal(seen[0].entityId, String(created.body().id))
  })

  test('tenant:migrate migrates the plugins a tenant has enabled', async ({ assert }) => {
    const tenant = await createTestTenant('plg-mig')
    assert.deepEqual(await pluginState.migrationSets(tenant), [])
    await pluginState.enable(tenant, 'test_plugin')
    assert.deepEqual(await pluginState.migrationSets(tenant), [
      {
        paths: ['tests/fixtures/plugins/test_plugin/database/migrations'],
        tableName: 'plugin_test_plugin_schema',
      },
    ])
    await tenantMigrator.migrate(tenant)
    assert.isTrue(await hasTable(tenant, 'test_plugin_notes'))
  })

  test('enabledByDefault plugins (and what they require) are enabled for a new tenant', async ({
    assert,
  }) => {
    const registry = new PluginRegistry({ quiet: true })
    await registry.load([
      {
        source: 'memory:base',
        manifest: definePlugin({ id: 'mem_base', version: '1.0.0', host: '^1.0.0', name: NAME }),
      },
      {
        source: 'memory:default',
        manifest: definePlugin({
          id: 'mem_default',
          version: '1.0.0',
          host: '^1.0.0',
          name: NAME,
          requires: { mem_base: '^1.0.0' },
          enabledByDefault: true,
        }),
      },
      {
        source: 'memory:other',
        manifest: definePlugin({ id: 'mem_other', version: '1.0.0', host: '^1.0.0', name: NAME }),
      },
    ])
    const state = new PluginStateService(registry)
    const tenant = await createTestTenant('plg-def')

    await state.enableDefaults(tenant)

    assert.isTrue(await state.isEnabled(tenant.id, 'mem_default'))
    assert.isTrue(await state.isEnabled(tenant.id, 'mem_base'))
    assert.isFalse(await state.isEnabled(tenant.id, 'mem_other'))
    assert.lengthOf(await auditEvents(tenant, 'plugin.enabled'), 2)
  })
})

test.group('Plugins: admin panel (session)', () => {
  test('GET /admin/plugins renders admin/plugins with the API list shape', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-panel')
    const panel = await panelSession(client, tenant)
    const api = await asAdmin(client, tenant)

    const page = await panel.get('/admin/plugins')
    page.assertStatus(200)
    assert.equal(page.body().component, 'admin/plugins')
    const listed = (await api.get('/api/admin/plugins')).body()
    assert.deepEqual(page.body().props.plugins, listed.plugins)
    assert.deepEqual(page.body().props.refused, listed.refused)
  })

  test('panel enable/disable redirect back; a refusal lands in errors.plugin', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-panel')
    const panel = await panelSession(client, tenant)

    const refused = await panel.post('/admin/plugins/test_dependent/enable')
    refused.assertStatus(302)
    assert.match(refused.headers().location, /\/admin\/plugins$/)
    const withError = await panel.get('/admin/plugins')
    assert.match(withError.body().props.errors.plugin, /test_plugin/)

    ;(await panel.post('/admin/plugins/test_plugin/enable')).assertStatus(302)
    assert.isTrue(await pluginState.isEnabled(tenant.id, 'test_plugin'))
    const page = await panel.get('/admin/plugins')
    assert.isUndefined(page.body().props.errors.plugin)
    assert.isTrue(
      page.body().props.plugins.find((plugin: any) => plugin.id === 'test_plugin').enabled
    )

    ;(await panel.post('/admin/plugins/test_plugin/disable')).assertStatus(302)
    assert.isFalse(await pluginState.isEnabled(tenant.id, 'test_plugin'))
  })

  test('the plugin page renders the plugin Vue page when enabled, 404 when not', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('plg-panel')
    const panel = await panelSession(client, tenant)

    ;(await panel.get('/test-plugin')).assertStatus(404)
    await pluginState.enable(tenant, 'test_plugin')
    const page = await panel.get('/test-plugin')
    page.assertStatus(200)
    assert.equal(page.body().component, 'plugins/test_plugin/hello')
    assert.deepInclude(page.body().props, { greeting: 'hello', notes: [] })
    assert.deepInclude(page.body().props.navigation, {
      label: { ru: 'Заметки', uz: 'Eslatmalar', en: 'Notes' },
      href: '/test-plugin',
      icon: 'pi pi-pencil',
      permission: 'test_plugin.notes.read',
      group: 'plugins',
    })
  })
})
