import { test } from '@japa/runner'
import User from '#models/user'
import AuditLog from '#models/audit_log'
import jobQueue from '#services/jobs/job_queue'
import { currentTenantOrFail } from '#tenants/context'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'

test.group('Tenant isolation', () => {
  test('data written in tenant A is invisible from tenant B', async ({ assert }) => {
    const a = await createTestTenant('iso-a')
    const b = await createTestTenant('iso-b')

    await inTenant(a, () =>
      User.create({ login: 'only-in-a', password: TEST_PASSWORD, isActive: true })
    )

    assert.isNotNull(await inTenant(a, () => User.findBy('login', 'only-in-a')))
    assert.isNull(await inTenant(b, () => User.findBy('login', 'only-in-a')))
  })

  test("A's token on B's host is 401", async ({ client }) => {
    const a = await createTestTenant('iso-a')
    const b = await createTestTenant('iso-b')
    const token = await apiToken(client, a)

    const onA = await client.get('/api/auth/me').header('host', hostOf(a)).bearerToken(token)
    onA.assertStatus(200)

    const onB = await client.get('/api/auth/me').header('host', hostOf(b)).bearerToken(token)
    onB.assertStatus(401)
    onB.assertBodyContains({ error: { code: 'UNAUTHORIZED' } })
  })

  test("A's user cannot log in on B", async ({ client }) => {
    const a = await createTestTenant('iso-a')
    const b = await createTestTenant('iso-b')
    await inTenant(a, () =>
      User.create({ login: 'nurse-a', password: TEST_PASSWORD, isActive: true })
    )

    const response = await client
      .post('/api/auth/login')
      .header('host', hostOf(b))
      .json({ login: 'nurse-a', password: TEST_PASSWORD })
    response.assertStatus(400)
    response.assertBodyContains({ error: { code: 'INVALID_CREDENTIALS' } })
  })

  test("a job queued for A runs against A's database", async ({ assert }) => {
    const a = await createTestTenant('iso-a')
    const b = await createTestTenant('iso-b')

    await inTenant(a, () =>
      currentTenantOrFail().jobs.dispatch('audit.write', { event: 'job.proof' })
    )
    await jobQueue.drain()

    assert.equal(
      await inTenant(a, async () => (await AuditLog.query().where('event', 'job.proof')).length),
      1
    )
    assert.equal(
      await inTenant(b, async () => (await AuditLog.query().where('event', 'job.proof')).length),
      0
    )
  })

  test('a tenant job without tenantId is refused', async ({ assert }) => {
    await assert.rejects(() => jobQueue.dispatch('audit.write', { event: 'x' }), /needs tenantId/)
  })

  test('tenant models refuse to run outside a tenant', async ({ assert }) => {
    await assert.rejects(() => User.query().first(), /must run inside a tenant context/)
  })

  test("tenant models refuse another tenant's connection", async ({ assert }) => {
    const a = await createTestTenant('iso-a')
    const b = await createTestTenant('iso-b')
    const connectionOfB = await inTenant(b, async () => currentTenantOrFail().connectionName)
    await inTenant(b, () => User.query().first())

    await inTenant(a, async () => {
      await assert.rejects(
        () => User.query({ connection: connectionOfB }).first(),
        /current tenant uses/
      )
      await assert.rejects(
        () => User.query({ connection: 'central' }).first(),
        /current tenant uses/
      )
    })
  })
})
