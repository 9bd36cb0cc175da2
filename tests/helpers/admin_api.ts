import { ApiRequest, type ApiClient } from '@japa/api-client'
import type Tenant from '#tenants/models/tenant'
import { apiToken } from '#tests/helpers/api'
import { hostOf, TEST_PASSWORD } from '#tests/helpers/tenants'

/* Exports arrive as Buffers, not text. */
const binary = (res: any, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}
ApiRequest.addParser('application/pdf', binary)
ApiRequest.addParser('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', binary)

/** A staff API session on a tenant's host, with messages in the given language. */
export async function adminApi(
  client: ApiClient,
  tenant: Tenant,
  login = 'admin',
  password = TEST_PASSWORD,
  locale = 'en'
) {
  const token = await apiToken(client, tenant, login, password)
  const host = hostOf(tenant)
  const send = (method: 'get' | 'post' | 'put' | 'delete', url: string, body?: object) => {
    const request = client[method](url)
      .header('host', host)
      .header('accept-language', locale)
      .bearerToken(token)
    return body ? request.json(body) : request
  }
  return {
    token,
    host,
    get: (url: string) => send('get', url),
    post: (url: string, body: object = {}) => send('post', url, body),
    put: (url: string, body: object = {}) => send('put', url, body),
    delete: (url: string) => send('delete', url),
  }
}
