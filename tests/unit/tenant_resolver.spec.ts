import { test } from '@japa/runner'
import { normalizeHost } from '#tenants/tenant_resolver'

test.group('normalizeHost', () => {
  test('lowercases and strips the port and trailing dot', ({ assert }) => {
    assert.equal(normalizeHost('Demo.LocalHost:3333'), 'demo.localhost')
    assert.equal(normalizeHost('clinic.example.uz.'), 'clinic.example.uz')
    assert.equal(normalizeHost('127.0.0.1:3333'), '127.0.0.1')
  })

  test('refuses what is not a host name', ({ assert }) => {
    for (const bad of [
      undefined,
      '',
      'bad_host!.localhost',
      'a..b',
      '-x.localhost',
      'x'.repeat(300),
    ]) {
      assert.isNull(normalizeHost(bad), String(bad))
    }
  })
})
