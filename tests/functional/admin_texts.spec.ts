import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { AUDIT_ENTITY_TYPES, AUDIT_EVENTS } from '#services/audit_events'
import settingsRegistry from '#services/settings/settings_registry'
import '#services/payments/payment_settings'

const LANG = 'resources/lang'

/** Every leaf key of a translation file, dotted. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, child]) =>
    keysOf(child, prefix ? `${prefix}.${key}` : key)
  )
}

function load(locale: string, namespace: string) {
  return JSON.parse(readFileSync(join(LANG, locale, `${namespace}.json`), 'utf8'))
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory()
      ? filesUnder(path, pattern)
      : pattern.test(name)
        ? [path]
        : []
  })
}

test.group('Admin texts', () => {
  test('admin.json has the same keys, none empty, in ru, uz and en', ({ assert }) => {
    const ru = keysOf(load('ru', 'admin')).sort()
    for (const locale of ['uz', 'en']) {
      assert.deepEqual(keysOf(load(locale, 'admin')).sort(), ru, `${locale} differs from ru`)
    }
    for (const locale of ['ru', 'uz', 'en']) {
      const messages = load(locale, 'admin')
      const empty = ru.filter(
        (key) =>
          !String(key.split('.').reduce((node: any, part) => node?.[part], messages) ?? '').trim()
      )
      assert.deepEqual(empty, [], `${locale} has empty texts`)
    }
  })

  test('every admin.* key the pages, components and services use exists', ({ assert }) => {
    const known = new Set(keysOf(load('ru', 'admin')).map((key) => `admin.${key}`))
    const sources = [
      ...filesUnder('resources/pages/admin', /\.vue$/),
      ...filesUnder('resources/pages/reports', /\.vue$/),
      ...filesUnder('resources/components/admin', /\.(vue|ts)$/),
      ...filesUnder('resources/components/settings', /\.vue$/),
      'resources/pages/dashboard.vue',
      'resources/pages/auth/login.vue',
      ...filesUnder('app/services/admin', /\.ts$/),
    ]
    const missing: string[] = []
    let checked = 0
    for (const file of sources) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/['"`](admin\.[a-z_]+(?:\.[a-z0-9_]+)+)['"`]/g)) {
        /* `admin.settings.auto_cancel_`: a prefix the stored code is appended to. */
        if (match[1].endsWith('_')) continue
        checked++
        if (!known.has(match[1])) missing.push(`${file}: ${match[1]}`)
      }
    }
    assert.deepEqual(missing, [])
    assert.isAbove(checked, 150, 'the scan found the keys in use')
  })

  test('the admin error codes and validation rules have messages in ru, uz and en', ({
    assert,
  }) => {
    const codes = [
      'LAST_ADMIN',
      'SERVICE_CODE_TAKEN',
      'PAYROLL_ALREADY_PAID',
      'TWO_FACTOR_REQUIRED',
      'TWO_FACTOR_INVALID',
      'TWO_FACTOR_LOCKED',
      'TWO_FACTOR_SETUP_REQUIRED',
      'TWO_FACTOR_ENFORCED',
      'IP_NOT_ALLOWED',
    ]
    const rules = [
      'weakPassword',
      'endAfterStart',
      'breakOutsideHours',
      'breaksOverlap',
      'template',
      'selfLockout',
    ]
    for (const locale of ['ru', 'uz', 'en']) {
      const errors = load(locale, 'errors')
      const messages = load(locale, 'validator').shared.messages
      assert.deepEqual(
        codes.filter((code) => !errors[code]),
        [],
        `${locale} errors`
      )
      assert.deepEqual(
        rules.filter((rule) => !messages[rule]),
        [],
        `${locale} validator`
      )
    }
  })

  test('every audit event and entity type the host writes reads in ru, uz and en', ({ assert }) => {
    const ru = keysOf(load('ru', 'admin_audit')).sort()
    const at = (messages: any, key: string) =>
      String(key.split('.').reduce((node: any, part) => node?.[part], messages) ?? '').trim()
    for (const locale of ['ru', 'uz', 'en']) {
      const messages = load(locale, 'admin_audit')
      assert.deepEqual(keysOf(messages).sort(), ru, `${locale} differs from ru`)
      const missing = [
        ...AUDIT_EVENTS.map((event) => `events.${event}`),
        ...AUDIT_EVENTS.map((event) => `groups.${event.split('.')[0]}`),
        ...AUDIT_ENTITY_TYPES.map((type) => `entities.${type}`),
      ].filter((key) => !at(messages, key))
      assert.deepEqual([...new Set(missing)], [], `${locale} lacks texts`)
    }
    assert.isAbove(AUDIT_EVENTS.length, 80)
  })

  test('every setting the host and payments declare is on the settings page, labelled in ru, uz and en', ({
    assert,
  }) => {
    const page = readFileSync('resources/pages/admin/settings.vue', 'utf8')
    /** Concrete keys of built modules (upcoming ones wait for theirs); a per-specialty family counts once, by its base. */
    const upcoming = (key: string) => !!settingsRegistry.find(key)!.definition.upcoming
    const keys = [
      ...new Set(
        Object.keys(settingsRegistry.defaults(new Set()))
          .filter((key) => !upcoming(key))
          .map((key) =>
            settingsRegistry.find(key)!.definition.key.endsWith('.*')
              ? key.slice(0, key.lastIndexOf('.'))
              : key
          )
      ),
    ]
    assert.includeMembers(keys, [
      'booking.slot_minutes',
      'booking.auto_cancel',
      'payments.payme.key',
    ])
    assert.deepEqual(
      keys.filter((key) => !page.includes(`'${key}'`)),
      [],
      'keys missing from the settings page'
    )
    /* The product says only what it does: no upcoming module's setting is on the page. */
    const shownUpcoming = Object.keys(settingsRegistry.defaults(new Set())).filter(
      (key) => upcoming(key) && page.includes(`'${key}'`)
    )
    assert.deepEqual(shownUpcoming, [], 'settings of modules not built yet are on the page')
    for (const locale of ['ru', 'uz', 'en']) {
      const labels = load(locale, 'admin').settings.keys
      const unlabelled = keys.filter(
        (key) =>
          typeof key.split('.').reduce((node: any, part) => node?.[part], labels) !== 'string'
      )
      assert.deepEqual(unlabelled, [], `${locale} labels`)
    }
  })
})
