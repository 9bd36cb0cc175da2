import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'

/**
 * PAY-R12, decision 13: provider callbacks get a per-address ceiling only
 * (a provider calls from a few addresses and may burst), generous enough
 * that no real provider meets it. Answers 429 with Retry-After.
 */
export const WEBHOOK_LIMIT_PER_MINUTE = 6000

export const webhookLimiter = () =>
  limiter.use({ requests: WEBHOOK_LIMIT_PER_MINUTE, duration: '1 min' })

export function webhookRateKey(tenantId: number, ip: string) {
  return `payments:webhook:${tenantId}:ip:${ip}`
}

export async function guardWebhookRate(ctx: HttpContext) {
  await webhookLimiter().consume(webhookRateKey(ctx.tenant?.tenant.id ?? 0, ctx.request.ip()))
}
