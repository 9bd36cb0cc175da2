import type { ApiClient, ApiResponse } from '@japa/api-client'
import type Tenant from '#tenants/models/tenant'
import { hostOf, TEST_PASSWORD } from '#tests/helpers/tenants'

/** A browser-like session on a tenant's panels: keeps cookies, sends the XSRF token, speaks Inertia. */
export async function panelSession(client: ApiClient, tenant: Tenant, login = 'admin') {
  const jar = new Map<string, string>()
  const keep = (response: ApiResponse) => {
    for (const line of ([] as string[]).concat(response.headers()['set-cookie'] ?? [])) {
      const [pair] = line.split(';')
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
    }
    return response
  }
  const request = (method: 'get' | 'post', url: string) =>
    client[method](url)
      .header('host', hostOf(tenant))
      .header('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '))
      .header('x-xsrf-token', decodeURIComponent(jar.get('XSRF-TOKEN') ?? ''))
      .header('x-inertia', 'true')
      .header('x-inertia-version', '1')
      .header('referer', `http://${hostOf(tenant)}/admin/plugins`)
      .redirects(0)

  keep(await request('get', '/login'))
  keep(await request('post', '/login').form({ login, password: TEST_PASSWORD })).assertStatus(302)
  return {
    get: async (url: string) => keep(await request('get', url)),
    post: async (url: string) => keep(await request('post', url)),
    /** The browser's cookies and XSRF header, to replay them elsewhere as an attacker would. */
    credentials: () => ({
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
      xsrf: decodeURIComponent(jar.get('XSRF-TOKEN') ?? ''),
    }),
  }
}
