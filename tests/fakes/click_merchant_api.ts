import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Recorded {
  method: string
  path: string
  auth: string | null
  accept: string | null
  contentType: string | null
}

/** How far the Auth timestamp may be from this server's clock, in seconds. */
const TIMESTAMP_WINDOW = 300

/**
 * A small stand-in for api.click.uz speaking Click's Merchant API for what the
 * app calls: DELETE /v2/merchant/payment/reversal/:service_id/:payment_id with
 * `Auth: merchant_user_id:sha1(timestamp + secret_key):timestamp`. Answers
 * `{error_code, error_note, payment_id}`; 0 is success. The negative codes
 * are this fake's own (any non-zero code is a refusal to the app).
 */
export class FakeClickMerchantApi {
  requests: Recorded[] = []
  /** Click payment ids (click_paydoc_id) that are paid and may be reversed. */
  paid = new Set<string>()
  reversed: string[] = []
  #server: Server | null = null

  constructor(private merchant: { serviceId: string; merchantUserId: string; secretKey: string }) {}

  get endpoint() {
    const address = this.#server!.address() as AddressInfo
    return { host: '127.0.0.1', port: address.port, protocol: 'http' as const }
  }

  async start() {
    this.#server = createServer((req, res) => void this.#handle(req, res))
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop() {
    await new Promise<void>((resolve) =>
      this.#server ? this.#server.close(() => resolve()) : resolve()
    )
    this.#server = null
  }

  #authorized(auth: string | null) {
    const [user, digest, timestamp] = (auth ?? '').split(':')
    const expected = createHash('sha1')
      .update(`${timestamp}${this.merchant.secretKey}`)
      .digest('hex')
    const age = Math.abs(Date.now() / 1000 - Number(timestamp))
    return (
      user === this.merchant.merchantUserId &&
      digest === expected &&
      /^\d+$/.test(timestamp ?? '') &&
      age <= TIMESTAMP_WINDOW
    )
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    /* The reversal has no body; drain whatever came. */
    req.resume()
    const path = new URL(req.url ?? '/', 'http://fake').pathname
    const header = (name: string) => (req.headers[name] as string | undefined) ?? null
    this.requests.push({
      method: req.method ?? '',
      path,
      auth: header('auth'),
      accept: header('accept'),
      contentType: header('content-type'),
    })
    const send = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const match = path.match(/^\/v2\/merchant\/payment\/reversal\/([^/]+)\/([^/]+)$/)
    if (req.method !== 'DELETE' || !match) {
      return send(404, { error_code: -404, error_note: 'Method not found' })
    }
    if (!this.#authorized(header('auth'))) {
      return send(401, { error_code: -1, error_note: 'Authorization failed' })
    }
    const [, serviceId, paymentId] = match
    if (serviceId !== this.merchant.serviceId) {
      return send(200, { error_code: -2, error_note: 'Service not found' })
    }
    if (!this.paid.has(paymentId)) {
      return send(200, { error_code: -5, error_note: 'Payment not found' })
    }
    this.paid.delete(paymentId)
    this.reversed.push(paymentId)
    send(200, { error_code: 0, error_note: 'Success', payment_id: Number(paymentId) })
  }
}
