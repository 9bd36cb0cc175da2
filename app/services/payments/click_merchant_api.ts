import { createHash } from 'node:crypto'
import { AppException } from '#exceptions/app_exception'
import type { ClickConfig } from '#services/payments/provider_config'
import type { ProviderEndpoint } from '#services/payments/providers/payment_driver'

const CLICK_API: ProviderEndpoint = { host: 'api.click.uz', port: 443, protocol: 'https' }
let endpoint: ProviderEndpoint = CLICK_API

/** Points Click's Merchant API calls of this process at another host (null: api.click.uz). */
export function useClickEndpoint(next: ProviderEndpoint | null) {
  endpoint = next ?? CLICK_API
}

/**
 * Merchant API `Auth` header: merchant_user_id:digest:timestamp, where the
 * digest is sha1(timestamp + secret_key) in hex and the timestamp UNIX seconds.
 */
export function clickAuth(config: ClickConfig, timestamp: number) {
  const digest = createHash('sha1').update(`${timestamp}${config.secretKey}`).digest('hex')
  return `${config.merchantUserId}:${digest}:${timestamp}`
}

interface ClickAnswer {
  error_code?: unknown
  error_note?: unknown
  payment_id?: unknown
}

/**
 * Reverses a whole paid Click payment: DELETE
 * /v2/merchant/payment/reversal/:service_id/:payment_id. Error code 0 is
 * done; any other code is Click's refusal (409 `REFUND_REFUSED` with its
 * note); no answer or an unreadable one throws, and the caller answers 502.
 */
export async function reverseClickPayment(config: ClickConfig, clickPaymentId: string) {
  if (!config.merchantUserId) {
    throw new AppException('REFUND_REFUSED', 409, {
      provider: 'click',
      note: 'merchant_user_id is not set',
    })
  }
  const { protocol, host, port } = endpoint
  const path = `/v2/merchant/payment/reversal/${encodeURIComponent(config.serviceId)}/${encodeURIComponent(clickPaymentId)}`
  /* The signature's freshness is checked against Click's wall clock, not the app's business clock. */
  const timestamp = Math.floor(Date.now() / 1000)
  const response = await fetch(`${protocol}://${host}:${port}${path}`, {
    method: 'DELETE',
    headers: {
      'Accept': 'application/json',
      'Content-Type': 'application/json',
      'Auth': clickAuth(config, timestamp),
    },
    signal: AbortSignal.timeout(15_000),
  })
  const text = await response.text()
  let answer: ClickAnswer
  try {
    answer = JSON.parse(text)
  } catch {
    throw new Error(`Click answered ${response.status} without JSON: ${text.slice(0, 200)}`)
  }
  const code = Number(answer.error_code)
  if (answer.error_code === undefined || Number.isNaN(code)) {
    throw new Error(`Click answered ${response.status} without error_code: ${text.slice(0, 200)}`)
  }
  if (code !== 0) {
    throw new AppException('REFUND_REFUSED', 409, {
      provider: 'click',
      provider_code: code,
      note: String(answer.error_note ?? code),
    })
  }
  return { refundId: String(answer.payment_id ?? clickPaymentId) }
}
