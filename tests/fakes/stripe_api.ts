import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'

type Json = Record<string, any>

/** `line_items[0][price_data][currency]=uzs` → nested objects and arrays, as Stripe reads its forms. */
export function parseStripeForm(body: string): Json {
  const root: Json = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '')
    let node: any = root
    path.forEach((part, index) => {
      const last = index === path.length - 1
      const nextIsIndex = !last && /^\d+$/.test(path[index + 1])
      if (last) node[part] = value
      else node = node[part] ??= nextIsIndex ? [] : {}
    })
  }
  return root
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`

interface Recorded {
  method: string
  path: string
  form: Json
  idempotencyKey: string | null
  authorization: string | null
}

/**
 * A small stand-in for api.stripe.com speaking Stripe's HTTP API for what the
 * app calls: form-encoded requests with Bearer keys, JSON answers shaped like
 * Stripe's objects, Stripe's error shape, idempotency keys honoured.
 * Endpoints: POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id,
 * POST /v1/refunds.
 */
export class FakeStripeApi {
  requests: Recorded[] = []
  sessions = new Map<string, Json>()
  refunds: Json[] = []
  #idempotent = new Map<string, { status: number; body: Json }>()
  #server: Server | null = null

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

  /** What Stripe does when the patient pays: the session completes with a PaymentIntent. */
  complete(sessionId: string) {
    const session = this.sessions.get(sessionId)!
    Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: id('pi') })
    return session
  }

  expire(sessionId: string) {
    Object.assign(this.sessions.get(sessionId)!, { status: 'expired' })
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://fake')
    const record: Recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      form: parseStripeForm(body),
      idempotencyKey: (req.headers['idempotency-key'] as string) ?? null,
      authorization: (req.headers.authorization as string) ?? null,
    }
    this.requests.push(record)
    const send = (status: number, payload: Json) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') })
      res.end(JSON.stringify(payload))
    }
    if (!/^Bearer sk_(test|live)_\w+/.test(record.authorization ?? '')) {
      return send(401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      })
    }
    const replay = record.idempotencyKey ? this.#idempotent.get(record.idempotencyKey) : undefined
    if (replay) return send(replay.status, replay.body)
    const answer = this.#route(record)
    if (record.idempotencyKey && record.method === 'POST')
      this.#idempotent.set(record.idempotencyKey, answer)
    return send(answer.status, answer.body)
  }

  #route(request: Recorded): { status: number; body: Json } {
    const { method, path, form } = request
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.#createSession(form)
    const session = path.match(/^\/v1\/checkout\/sessions\/([\w]+)$/)
    if (method === 'GET' && session) {
      const found = this.sessions.get(session[1])
      return found
        ? { status: 200, body: found }
        : {
            status: 404,
            body: {
              error: {
                type: 'invalid_request_error',
                code: 'resource_missing',
                message: `No such checkout.session: '${session[1]}'`,
              },
            },
          }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const refund = {
        id: id('re'),
        object: 'refund',
        amount: Number(form.amount),
        payment_intent: form.payment_intent,
        metadata: form.metadata ?? {},
        status: 'succeeded',
        currency: 'uzs',
      }
      this.refunds.push(refund)
      return { status: 200, body: refund }
    }
    return {
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${method}: ${path})`,
        },
      },
    }
  }

  #createSession(form: Json) {
    const lines: Json[] = form.line_items ?? []
    if (!lines.length || !form.success_url || form.mode !== 'payment') {
      return {
        status: 400,
        body: {
          error: { type: 'invalid_request_error', message: 'Missing required param: line_items.' },
        },
      }
    }
    const amount = lines.reduce(
      (sum, line) => sum + Number(line.price_data.unit_amount) * Number(line.quantity ?? 1),
      0
    )
    const sessionId = id('cs')
    const session = {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      amount_total: amount,
      currency: lines[0].price_data.currency,
      client_reference_id: form.client_reference_id ?? null,
      metadata: form.metadata ?? {},
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: form.success_url,
      cancel_url: form.cancel_url ?? null,
      url: `https://checkout.stripe.com/c/pay/${sessionId}`,
      line_items_sent: lines,
    }
    this.sessions.set(sessionId, session)
    return { status: 200, body: session }
  }
}
