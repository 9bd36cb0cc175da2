import { test } from '@japa/runner'
import tenancyConfig from '#config/tenancy'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { setupRegistry, staffApi } from '#tests/helpers/registry'
import { boardState, createBoard, deskRow } from '#tests/helpers/boards'
import { SseClient } from '#tests/helpers/sse'
import { rawRequest, startSecondInstance } from '#tests/helpers/app_instance'

/**
 * With Redis (REDIS_HOST), a call made on one app instance reaches a board
 * whose stream is held by another: the broadcast crosses the Redis transport.
 */
test.group('Boards across app instances (Redis transport)', () => {
  test('a call made on instance A reaches a board connected to instance B within 1 s', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdx')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant)
    const row = await deskRow(desk, doctors.therapy.id, 'Каримова Дилноза', '+998901234567')
    const channel = (await boardState(client, tenant, board.key)).body().channel as string

    const instanceB = await startSecondInstance(tenancyConfig.port + 100)
    const sse = new SseClient(hostOf(tenant), instanceB.port)
    try {
      await sse.open()
      const subscribed = await rawRequest(instanceB.port, {
        method: 'POST',
        path: '/__transmit/subscribe',
        host: hostOf(tenant),
        headers: { 'x-board-key': board.key },
        body: { uid: sse.uid, channel },
      })
      assert.equal(subscribed.status, 204)

      const sentAt = Date.now()
      ;(await desk.post(`/api/queue/call/${row.entry_id}`)).assertStatus(200)
      const call = await sse.waitFor((m) => m.payload.type === 'CALL_PATIENT', 1000)
      assert.isBelow(call.receivedAt - sentAt, 1000)
      assert.include(call.payload, { ticket: 'T-1', room: '101', event: 'queue.called' })
    } finally {
      sse.close()
      await instanceB.stop()
    }
  })
    .skip(!process.env.REDIS_HOST, 'needs REDIS_HOST (runs in the MySQL + Redis pass)')
    .timeout(120000)
})
