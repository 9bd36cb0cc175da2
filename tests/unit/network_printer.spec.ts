import net from 'node:net'
import { test } from '@japa/runner'
import { sendToPrinter } from '#services/printing/network_printer'

async function listen(server: net.Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as net.AddressInfo).port
}

test.group('Network printer (raw TCP 9100)', () => {
  test('delivers every byte and resolves ok', async ({ assert }) => {
    let received: Promise<Buffer>
    const server = net.createServer((socket) => {
      const chunks: Buffer[] = []
      received = new Promise((resolve) => socket.on('end', () => resolve(Buffer.concat(chunks))))
      socket.on('data', (chunk) => chunks.push(chunk))
    })
    const port = await listen(server)
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => i % 256)
    assert.deepEqual(await sendToPrinter({ host: '127.0.0.1', port }, bytes), { ok: true })
    assert.deepEqual([...(await received!)], [...bytes])
    server.close()
  })

  test('a refused connection or an unknown host is { ok: false }, never a throw', async ({
    assert,
  }) => {
    const server = net.createServer()
    const port = await listen(server)
    await new Promise((resolve) => server.close(resolve))
    const refused = await sendToPrinter({ host: '127.0.0.1', port }, Uint8Array.of(1))
    assert.containsSubset(refused, { ok: false, reason: 'unreachable' })
    const unknown = await sendToPrinter({ host: 'printer.invalid', port: 9100 }, Uint8Array.of(1))
    assert.containsSubset(unknown, { ok: false, reason: 'unreachable' })
  })

  test('a printer that stops taking bytes is given up after the idle timeout', async ({
    assert,
  }) => {
    const server = net.createServer({ pauseOnConnect: true }, () => {})
    const port = await listen(server)
    const started = Date.now()
    const result = await sendToPrinter(
      { host: '127.0.0.1', port },
      new Uint8Array(64 * 1024 * 1024),
      { idleTimeoutMs: 300 }
    )
    assert.containsSubset(result, { ok: false, reason: 'unreachable' })
    assert.isBelow(Date.now() - started, 5000)
    server.close()
  })
})
