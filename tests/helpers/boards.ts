import type { ApiClient } from '@japa/api-client'
import type Tenant from '#tenants/models/tenant'
import { hostOf } from '#tests/helpers/tenants'
import { staffApi } from '#tests/helpers/registry'
import { SseClient } from '#tests/helpers/sse'

/** Creates a board through the admin API; answers `{id, key, url, …}`. */
export async function createBoard(
  client: ApiClient,
  tenant: Tenant,
  body: Record<string, unknown> = {}
) {
  const admin = await staffApi(client, tenant, 'admin')
  const response = await admin.post('/api/admin/boards', { name: 'Hall', ...body })
  response.assertStatus(201)
  return response.body() as { id: number; key: string; url: string; [k: string]: unknown }
}

/** The board's snapshot as its page fetches it. */
export function boardState(client: ApiClient, tenant: Tenant | string, key: string) {
  return client.get('/api/board/state').header('host', hostOf(tenant)).header('x-board-key', key)
}

/** Subscribes an open stream to a channel, as the board page (key) or a staff screen (token). */
export function subscribe(
  client: ApiClient,
  tenant: Tenant | string,
  sse: SseClient,
  channel: string,
  auth: { key?: string; token?: string } = {}
) {
  const request = client
    .post('/__transmit/subscribe')
    .header('host', hostOf(tenant))
    .json({ uid: sse.uid, channel })
  if (auth.key) request.header('x-board-key', auth.key)
  if (auth.token) request.bearerToken(auth.token)
  return request
}

/** A board connected like its page: state fetched, stream open, channel subscribed. */
export async function connectBoard(client: ApiClient, tenant: Tenant, key: string) {
  const state = await boardState(client, tenant, key)
  state.assertStatus(200)
  const sse = new SseClient(hostOf(tenant))
  await sse.open()
  try {
    ;(await subscribe(client, tenant, sse, state.body().channel, { key })).assertStatus(204)
  } catch (error) {
    sse.close()
    throw error
  }
  return { sse, channel: state.body().channel as string, state: state.body() }
}

/** A desk row for today through the registry API; answers `{number, row: {id, entry_id, …}}`. */
export async function deskRow(
  api: Awaited<ReturnType<typeof staffApi>>,
  doctorId: number,
  fio: string,
  phone: string
) {
  const response = await api.post('/api/registry/rows', {
    patient: { fio, birth_year: 1980, phone },
    doctor_id: doctorId,
  })
  response.assertStatus(201)
  return response.body()
}
