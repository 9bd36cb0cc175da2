import { test } from '@japa/runner'
import User from '#models/user'
import tenancyConfig from '#config/tenancy'
import tenancy from '#tenants/tenancy'
import tenantMigrator from '#tenants/tenant_migrator'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'

test.group('Connection registry', (group) => {
  const original = tenancyConfig.maxOpenConnections
  group.each.teardown(() => {
    tenancyConfig.maxOpenConnections = original
  })

  test('holds at most the configured number of tenant connections', async ({ assert }) => {
    const tenants = []
    for (let i = 0; i < 6; i++) tenants.push(await createTestTenant('pool'))
    tenancyConfig.maxOpenConnections = 3

    for (const tenant of tenants) await inTenant(tenant, () => User.query().first())
    await tenancy.sweep()
    assert.isAtMost(tenancy.openConnections(), 3)

    const reopened = await inTenant(tenants[0], () => User.findBy('login', 'admin'))
    assert.equal(reopened?.login, 'admin')
  })

  test('never releases a connection while a request uses it', async ({ assert }) => {
    const busy = await createTestTenant('busy')
    const others = [await createTestTenant('idle'), await createTestTenant('idle')]
    tenancyConfig.maxOpenConnections = 1

    await inTenant(busy, async () => {
      for (const other of others) await inTenant(other, () => User.query().first())
      await tenancy.sweep()
      assert.equal((await User.query().first())?.login, 'admin')
    })
  })
})

test.group('Tenant migrator', () => {
  test('records the schema version and resumes: current tenants are skipped', async ({
    assert,
  }) => {
    const tenant = await createTestTenant('mig')
    assert.equal(tenant.schemaVersion, tenantMigrator.latestVersion())

    const untouched = await tenantMigrator.migrateAll({ concurrency: 2 })
    assert.equal(untouched.migrated, 0)
    assert.lengthOf(untouched.failures, 0)

    tenant.schemaVersion = null
    await tenant.save()
    const progress: string[] = []
    const resumed = await tenantMigrator.migrateAll({
      concurrency: 2,
      onProgress: (done, total, t) => progress.push(`${done}/${total} ${t.slug}`),
    })
    assert.equal(resumed.migrated, 1)
    assert.deepEqual(progress, [`1/1 ${tenant.slug}`])
    await tenant.refresh()
    assert.equal(tenant.schemaVersion, tenantMigrator.latestVersion())
  })
})
