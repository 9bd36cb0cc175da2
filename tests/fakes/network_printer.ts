import { spawn } from 'node:child_process'
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

/**
 * A switched-off printer without leaving this machine: a loopback port whose
 * listener (a stopped child process) takes no connection, with its accept
 * queue full, so the kernel drops further SYNs and a connect hangs until the
 * caller's connect timeout, as with a printer that is off on the network.
 */
export async function silentPrinter() {
  const listener = spawn(
    process.execPath,
    [
      '-e',
      "require('net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () { process.stdout.write(this.address().port + '\\n'); process.kill(process.pid, 'SIGSTOP') })",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const port = await new Promise<number>((resolve) =>
    listener.stdout!.once('data', (data) => resolve(Number(String(data).trim())))
  )
  const fillers = Array.from({ length: 4 }, () => net.createConnection({ host: '127.0.0.1', port }))
  for (const filler of fillers) filler.on('error', () => {})
  await new Promise((resolve) => setTimeout(resolve, 200))
  return {
    port,
    close() {
      for (const filler of fillers) filler.destroy()
      listener.kill('SIGKILL')
    },
  }
}
