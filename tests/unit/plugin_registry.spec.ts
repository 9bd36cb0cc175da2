import { test } from '@japa/runner'
import vine from '@vinejs/vine'
import { definePlugin, type PluginManifest } from '#plugin_api/define_plugin'
import { PluginRegistry, type PluginCandidate } from '#plugin_api/plugin_registry'
import { validateManifest } from '#plugin_api/manifest_validator'

const NAME = { ru: 'Модуль', uz: 'Modul', en: 'Plugin' }

/** An in-memory candidate; `overrides` may break any field (cast: the types would refuse them). */
function candidate(
  id: string,
  overrides: Partial<Record<keyof PluginManifest, unknown>> = {}
): PluginCandidate {
  const manifest = {
    id,
    version: '1.0.0',
    host: '^1.0.0',
    name: NAME,
    ...overrides,
  } as PluginManifest
  return { source: `memory:${id}`, manifest: definePlugin(manifest) }
}

async function load(...candidates: PluginCandidate[]) {
  const registry = new PluginRegistry({ hostVersion: '1.0.0', quiet: true })
  await registry.load(candidates)
  return registry
}

function reasonsOf(registry: PluginRegistry, id: string) {
  return (
    registry
      .refused()
      .find((plugin) => plugin.id === id)
      ?.reasons.join(' | ') ?? ''
  )
}

test.group('Plugin registry (in-memory manifests)', () => {
  test('loads valid plugins, vendor-prefixed ids included', async ({ assert }) => {
    const registry = await load(candidate('lab'), candidate('acme.xray'))
    assert.sameMembers(
      registry.all().map((plugin) => plugin.id),
      ['lab', 'acme.xray']
    )
    assert.deepEqual(registry.refused(), [])
  })

  test('refuses bad ids', async ({ assert }) => {
    const registry = await load(
      candidate('Lab'),
      candidate('1lab'),
      candidate('a.b.c'),
      candidate('lab-x'),
      candidate('ok')
    )
    assert.deepEqual(
      registry.all().map((plugin) => plugin.id),
      ['ok']
    )
    for (const id of ['Lab', '1lab', 'a.b.c', 'lab-x'])
      assert.match(reasonsOf(registry, id), /^id: /)
  })

  test('refuses a version that is not semver and a host range that is invalid or unmet', async ({
    assert,
  }) => {
    const registry = await load(
      candidate('bad_version', { version: '1.0' }),
      candidate('bad_range', { host: 'one or two' }),
      candidate('future', { host: '^2.0.0' }),
      candidate('ok', { host: '>=1.0.0 <2.0.0' })
    )
    assert.deepEqual(
      registry.all().map((plugin) => plugin.id),
      ['ok']
    )
    assert.match(reasonsOf(registry, 'bad_version'), /version: .*semver version/)
    assert.match(reasonsOf(registry, 'bad_range'), /host: .*semver range/)
    assert.equal(reasonsOf(registry, 'future'), 'host: needs host ^2.0.0, this host is 1.0.0')
  })

  test('refuses missing requirements, wrong versions, and everything that depends on a refused plugin', async ({
    assert,
  }) => {
    const registry = await load(
      candidate('lab', { version: '1.4.0' }),
      candidate('orphan', { requires: { nowhere: '^1.0.0' } }),
      candidate('too_new', { requires: { lab: '^2.0.0' } }),
      candidate('chained', { requires: { orphan: '*' } }),
      candidate('cardiology', { requires: { lab: '^1.2.0' } })
    )
    assert.deepEqual(
      registry.all().map((plugin) => plugin.id),
      ['lab', 'cardiology']
    )
    assert.equal(reasonsOf(registry, 'orphan'), 'requires: "nowhere" ^1.0.0 is not available')
    assert.equal(reasonsOf(registry, 'too_new'), 'requires: "lab" ^2.0.0, found 1.4.0')
    assert.equal(reasonsOf(registry, 'chained'), 'requires: "orphan" * is not available')
  })

  test('refuses a duplicate id and keeps the first', async ({ assert }) => {
    const first = candidate('lab', { version: '1.0.0' })
    const second = { ...candidate('lab', { version: '1.1.0' }), source: 'memory:lab-again' }
    const registry = await load(first, second)
    assert.equal(registry.get('lab')!.manifest.version, '1.0.0')
    assert.deepEqual(registry.refused(), [
      {
        id: 'lab',
        source: 'memory:lab-again',
        reasons: ['id: duplicate of "lab" from memory:lab'],
      },
    ])
  })

  test('orders plugins after what they require and refuses cycles', async ({ assert }) => {
    const registry = await load(
      candidate('dentistry', { requires: { xray: '^1.0.0', lab: '^1.0.0' } }),
      candidate('xray', { requires: { lab: '^1.0.0' } }),
      candidate('lab'),
      candidate('ping', { requires: { pong: '*' } }),
      candidate('pong', { requires: { ping: '*' } })
    )
    assert.deepEqual(
      registry.all().map((plugin) => plugin.id),
      ['lab', 'xray', 'dentistry']
    )
    assert.equal(reasonsOf(registry, 'ping'), 'requires: dependency cycle')
    assert.equal(reasonsOf(registry, 'pong'), 'requires: dependency cycle')
    assert.deepEqual(
      registry.dependentsOf('lab').map((plugin) => plugin.id),
      ['xray', 'dentistry']
    )
  })

  test('refuseLoaded takes a plugin out with its dependents', async ({ assert }) => {
    const registry = await load(
      candidate('lab'),
      candidate('xray', { requires: { lab: '*' } }),
      candidate('other')
    )
    registry.refuseLoaded('lab', 'boot failed: boom')
    assert.deepEqual(
      registry.all().map((plugin) => plugin.id),
      ['other']
    )
    assert.equal(reasonsOf(registry, 'lab'), 'boot failed: boom')
    assert.equal(reasonsOf(registry, 'xray'), 'requires: "lab" was refused')
  })
})

test.group('Plugin manifest validation', () => {
  test('a manifest must come from definePlugin', async ({ assert }) => {
    assert.deepEqual(
      await validateManifest({ id: 'lab', version: '1.0.0', host: '^1.0.0', name: NAME }, '1.0.0'),
      ['plugin.ts must `export default definePlugin({ … })`']
    )
    assert.deepEqual(await validateManifest(undefined, '1.0.0'), [
      'plugin.ts must `export default definePlugin({ … })`',
    ])
  })

  test('names need every language; hooks must be functions', async ({ assert }) => {
    const reasons = await validateManifest(
      definePlugin({
        id: 'lab',
        version: '1.0.0',
        host: '^1.0.0',
        name: { ru: 'Лаб', en: 'Lab' },
        boot: 'yes',
      } as any),
      '1.0.0'
    )
    assert.include(reasons.join(' | '), 'name.uz')
    assert.include(reasons.join(' | '), 'boot: boot must be a function')
  })

  test('permission codes must start with the plugin id and be unique', async ({ assert }) => {
    const label = { ru: 'Чтение', uz: "O'qish", en: 'Read' }
    const reasons = await validateManifest(
      definePlugin({
        id: 'lab',
        version: '1.0.0',
        host: '^1.0.0',
        name: NAME,
        permissions: [
          { code: 'lab.results.read', label },
          { code: 'lab.results.read', label },
          { code: 'registry.read', label },
          { code: 'lab.', label },
        ],
      }),
      '1.0.0'
    )
    assert.deepEqual(reasons, [
      'permissions: "lab.results.read" is declared twice',
      'permissions: "registry.read" must start with "lab."',
      'permissions: "lab." must start with "lab."',
    ])
  })

  test('settings need a VineJS schema, a valid key and a default that passes the schema', async ({
    assert,
  }) => {
    const manifest = (settings: unknown) =>
      definePlugin({ id: 'lab', version: '1.0.0', host: '^1.0.0', name: NAME, settings } as any)

    assert.deepEqual(
      await validateManifest(
        manifest([{ key: 'greeting', schema: vine.string(), default: 'hi' }]),
        '1.0.0'
      ),
      []
    )
    assert.deepEqual(
      await validateManifest(
        manifest([{ key: 'limit', schema: vine.number().range([1, 10]), default: 50 }]),
        '1.0.0'
      ),
      ['settings: the default of "limit" does not pass its schema']
    )
    assert.deepEqual(
      await validateManifest(manifest([{ key: 'limit', schema: {}, default: 1 }]), '1.0.0'),
      ['settings: "limit" needs a VineJS schema']
    )
    const badKey = await validateManifest(
      manifest([{ key: 'Bad Key', schema: vine.string(), default: 'x' }]),
      '1.0.0'
    )
    assert.match(badKey.join(), /settings\.0\.key/)
  })

  test('requires must name plugin ids with valid ranges, never the plugin itself', async ({
    assert,
  }) => {
    const manifest = (requires: Record<string, string>) =>
      definePlugin({ id: 'lab', version: '1.0.0', host: '^1.0.0', name: NAME, requires })
    assert.deepEqual(await validateManifest(manifest({ lab: '*' }), '1.0.0'), [
      'requires: a plugin cannot require itself',
    ])
    assert.deepEqual(await validateManifest(manifest({ 'Not-An-Id': '*' }), '1.0.0'), [
      'requires: "Not-An-Id" is not a plugin id',
    ])
    assert.match(
      (await validateManifest(manifest({ xray: 'soon' }), '1.0.0')).join(),
      /requires\.xray: .*semver range/
    )
  })

  test('migrations must stay inside the plugin folder', async ({ assert }) => {
    const manifest = (migrations: string) =>
      definePlugin({ id: 'lab', version: '1.0.0', host: '^1.0.0', name: NAME, migrations })
    assert.deepEqual(await validateManifest(manifest('../other/migrations'), '1.0.0'), [
      'migrations: must be a folder inside the plugin',
    ])
    assert.deepEqual(await validateManifest(manifest('database/migrations'), '1.0.0'), [])
  })
})
