import net from 'node:net'

/** A one-shot raw (port 9100) printer on a random port: resolves with everything it received. */
export async function fakePrinter() {
  let resolveBytes: (bytes: Buffer) => void
  const received = new Promise<Buffer>((resolve) => (resolveBytes = resolve))
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => {
      resolveBytes(Buffer.concat(chunks))
      socket.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return { port, received, close: () => new Promise((resolve) => server.close(resolve)) }
}
