import net from 'node:net'

export interface PrinterAddress {
  host: string
  port: number
}

export type SendResult = { ok: true } | { ok: false; reason: 'unreachable'; error: string }

export interface SendOptions {
  /** Give up connecting after this long (a switched-off printer never answers). */
  connectTimeoutMs?: number
  /** Give up when the printer stops taking bytes for this long (paper out, jam). */
  idleTimeoutMs?: number
}

/**
 * Sends raw ESC/POS bytes to a LAN printer's raw port (JetDirect, 9100).
 * Never throws and never takes longer than the timeouts: the caller falls
 * back to a PDF ticket on `{ ok: false }` (REG-E4).
 */
export function sendToPrinter(
  address: PrinterAddress,
  bytes: Uint8Array,
  options: SendOptions = {}
): Promise<SendResult> {
  const connectTimeout = options.connectTimeoutMs ?? 2000
  const idleTimeout = options.idleTimeoutMs ?? 5000

  return new Promise((resolve) => {
    let settled = false
    let socket: net.Socket
    const finish = (result: SendResult) => {
      if (settled) return
      settled = true
      clearTimeout(connectTimer)
      socket?.destroy()
      resolve(result)
    }
    const fail = (error: string) => finish({ ok: false, reason: 'unreachable', error })
    const connectTimer = setTimeout(() => fail('connect timeout'), connectTimeout)

    try {
      socket = net.createConnection({ host: address.host, port: address.port })
    } catch (error) {
      fail((error as Error).message)
      return
    }
    socket.setNoDelay(true)
    socket.on('error', (error) => fail(error.message))
    socket.on('timeout', () => fail('printer stopped answering'))
    socket.once('connect', () => {
      clearTimeout(connectTimer)
      socket.setTimeout(idleTimeout)
      /** `end` flushes the bytes, then half-closes; the printer closes its side when done. */
      socket.end(bytes, () => finish({ ok: true }))
    })
  })
}
