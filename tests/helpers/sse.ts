import http from 'node:http'
import { randomUUID } from 'node:crypto'
import tenancyConfig from '#config/tenancy'

export interface SseMessage {
  channel: string
  payload: Record<string, any>
  receivedAt: number
}

/**
 * A real Server-Sent Events client for tests: it opens `/__transmit/events`
 * on a tenant host like a browser's EventSource, parses the `data:` frames
 * and lets a test wait for a message.
 */
export class SseClient {
  readonly uid = randomUUID()
  messages: SseMessage[] = []
  #request?: http.ClientRequest
  #waiters: Array<() => void> = []

  constructor(
    readonly host: string,
    readonly port = tenancyConfig.port
  ) {}

  /** Opens the stream; resolves when the server has answered 200. */
  open() {
    return new Promise<void>((resolve, reject) => {
      this.#request = http.get(
        {
          host: '127.0.0.1',
          port: this.port,
          path: `/__transmit/events?uid=${this.uid}`,
          headers: { host: this.host, accept: 'text/event-stream' },
        },
        (response) => {
          if (response.statusCode !== 200) {
            reject(new Error(`SSE answered ${response.statusCode}`))
            return
          }
          response.setEncoding('utf8')
          let buffer = ''
          response.on('data', (chunk: string) => {
            buffer += chunk
            let end
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              this.#frame(buffer.slice(0, end))
              buffer = buffer.slice(end + 2)
            }
          })
          resolve()
        }
      )
      this.#request.on('error', (error) => {
        if (!this.#request?.destroyed) reject(error)
      })
    })
  }

  /**
   * The first message matching `predicate`, waiting up to `timeoutMs`. The
   * default is generous (a loaded machine is slow); a test of delivery time
   * passes its bound and checks `receivedAt`.
   */
  async waitFor(predicate: (message: SseMessage) => boolean, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs
    while (true) {
      const found = this.messages.find(predicate)
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no matching SSE message within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  close() {
    this.#request?.destroy()
  }

  #frame(frame: string) {
    const data = frame
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n')
    if (!data) return
    const parsed = JSON.parse(data) as { channel: string; payload: Record<string, any> }
    if (parsed.channel === '$$transmit/ping') return
    this.messages.push({ ...parsed, receivedAt: Date.now() })
    for (const wake of this.#waiters.splice(0)) wake()
  }
}
