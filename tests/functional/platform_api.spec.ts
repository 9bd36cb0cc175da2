import { test } from '@japa/runner'
import env from '#start/env'
import Tenant from '#tenants/models/tenant'
import { hostOf } from '#tests/helpers/tenants'

const operatorToken = () => env.get('PLATFORM_TOKEN').release()
const PLATFORM_HOST = 'localhost'

test.group('Platform operator API', () => {
  test('creates a tenant that answers on its subdomain with its admin', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/api/platform/tenants')
      .header('host', PLATFORM_HOST)
      .bearerToken(operatorToken())
      .json({
        slug: 'sunrise',
        name: 'Sunrise Clinic',
        admin_login: 'owner',
        admin_password: 'long-enough-1',
        timezone: 'Asia/Almaty',
        locale: 'en',
      })

    response.assertStatus(201)
    assert.match(response.body().url, /^http:\/\/sunrise\.localhost:\d+$/)
    const tenant = await Tenant.findByOrFail('slug', 'sunrise')
    assert.equal(tenant.status, 'active')
    assert.equal(tenant.timezone, 'Asia/Almaty')
    assert.isNotNull(tenant.schemaVersion)

    const login = await client
      .post('/api/auth/login')
      .header('host', hostOf('sunrise'))
      .json({ login: 'owner', password: 'long-enough-1' })
    login.assertStatus(200)
    assert.deepEqual(login.body().user.roles, ['admin'])

    const list = await client
      .get('/api/platform/tenants')
      .header('host', PLATFORM_HOST)
      .bearerToken(operatorToken())
    list.assertStatus(200)
    assert.isTrue(list.body().some((row: any) => row.slug === 'sunrise'))
  })

  test('an existing slug is 409 and nothing else is created', async ({ client, assert }) => {
    const body = {
      slug: 'twice',
      name: 'Twice',
      admin_login: 'owner',
      admin_password: 'long-enough-1',
    }
    await client
      .post('/api/platform/tenants')
      .header('host', PLATFORM_HOST)
      .bearerToken(operatorToken())
      .json(body)
    const again = await client
      .post('/api/platform/tenants')
      .header('host', PLATFORM_HOST)
      .bearerToken(operatorToken())
      .json(body)

    again.assertStatus(409)
    again.assertBodyContains({ error: { code: 'TENANT_EXISTS' } })
    assert.lengthOf(await Tenant.query().where('slug', 'twice'), 1)
  })

  test('bad input is 422 with the fields named, in the asked language', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/api/platform/tenants')
      .header('host', PLATFORM_HOST)
      .header('accept-language', 'en')
      .bearerToken(operatorToken())
      .json({
        slug: 'Bad Slug!',
        name: 'X',
        admin_login: 'ok-admin',
        admin_password: 'short',
        timezone: 'Mars/Base',
      })

    response.assertStatus(422)
    const fields = response.body().errors.map((e: any) => e.field)
    assert.includeMembers(fields, ['slug', 'name', 'admin_password', 'timezone'])
    assert.isNull(await Tenant.findBy('slug', 'bad slug!'))
  })

  test('without the operator token it is 401; on a tenant host it does not exist', async ({
    client,
  }) => {
    const anonymous = await client.get('/api/platform/tenants').header('host', PLATFORM_HOST)
    anonymous.assertStatus(401)
    anonymous.assertBodyContains({ error: { code: 'UNAUTHORIZED' } })

    const wrong = await client
      .get('/api/platform/tenants')
      .header('host', PLATFORM_HOST)
      .bearerToken('pt_wrong')
    wrong.assertStatus(401)

    await client
      .post('/api/platform/tenants')
      .header('host', PLATFORM_HOST)
      .bearerToken(operatorToken())
      .json({
        slug: 'hosted',
        name: 'Hosted',
        admin_login: 'owner',
        admin_password: 'long-enough-1',
      })
    const onTenant = await client
      .get('/api/platform/tenants')
      .header('host', hostOf('hosted'))
      .bearerToken(operatorToken())
    onTenant.assertStatus(404)
  })
})
