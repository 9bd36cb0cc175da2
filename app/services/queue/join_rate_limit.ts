import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import env from '#start/env'

/**
 * Decision 13: joins are limited per phone / Telegram chat / token first;
 * per IP only as a generous ceiling, because a clinic's Wi-Fi puts the whole
 * waiting room behind one address at 07:00. Answers 429 with Retry-After.
 */
const perHolder = () => limiter.use({ requests: 20, duration: '10 mins', blockDuration: '10 mins' })
const perToken = () => limiter.use({ requests: 3000, duration: '1 min' })
const perAddress = () =>
  limiter.use({ requests: env.get('QUEUE_JOIN_IP_LIMIT_PER_MINUTE', 600), duration: '1 min' })

export async function guardJoinRate(
  ctx: HttpContext,
  input: { token: string; phone?: string; telegram_id?: string }
) {
  const tenantId = ctx.tenant?.tenant.id ?? 0
  const holder = input.phone?.replace(/\D/g, '') || input.telegram_id
  /* The three counters are independent: one round trip's wait for all of them. */
  await Promise.all([
    holder ? perHolder().consume(`join:${tenantId}:holder:${holder}`) : null,
    perToken().consume(`join:${tenantId}:token:${input.token.slice(-32)}`),
    perAddress().consume(`join:${tenantId}:ip:${ctx.request.ip()}`),
  ])
}
