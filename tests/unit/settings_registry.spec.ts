import { test } from '@japa/runner'
import vine from '@vinejs/vine'
import { SettingsRegistry } from '#services/settings/settings_registry'

test.group('SettingsRegistry', () => {
  const registry = new SettingsRegistry([
    { key: 'clinic.name', schema: vine.string(), default: '', branchOverride: true },
    {
      key: 'queue.start.*',
      schema: vine.number(),
      default: (specialty: string) => (specialty === 'dentistry' ? 3 : 1),
      members: ['dentistry', 'therapy'],
      branchOverride: true,
    },
  ])

  test('expands families into one key per member with their defaults', ({ assert }) => {
    assert.deepEqual(registry.defaults(), {
      'clinic.name': '',
      'queue.start.dentistry': 3,
      'queue.start.therapy': 1,
    })
  })

  test('finds exact keys and family members, not unknown keys', ({ assert }) => {
    assert.equal(registry.find('clinic.name')?.definition.key, 'clinic.name')
    assert.equal(registry.find('queue.start.dentistry')?.suffix, 'dentistry')
    assert.isUndefined(registry.find('queue.other'))
    assert.isUndefined(registry.find('queue.start'))
    assert.isUndefined(registry.find('queue.start.surgery'))
  })

  test('plugins add their settings', ({ assert }) => {
    registry.add({
      key: 'lab.autoprint',
      schema: vine.boolean(),
      default: true,
      branchOverride: false,
    })
    assert.isTrue(registry.defaults()['lab.autoprint'] as boolean)
  })
})
