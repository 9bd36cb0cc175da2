import type { OnlineProvider } from '#models/payment'

/** A URL the clinic registers in a provider's merchant cabinet; `name` keys its label. */
export interface CallbackUrl {
  name: 'endpoint' | 'prepare' | 'complete' | 'webhook'
  url: string
}

/**
 * Where each provider calls the clinic (the routes of start/routes/payments.ts
 * on the clinic's own host: the host names the tenant).
 */
export function providerCallbackUrls(origin: string): Record<OnlineProvider, CallbackUrl[]> {
  const base = `${origin}/api/payments`
  return {
    payme: [{ name: 'endpoint', url: `${base}/payme/webhook` }],
    click: [
      { name: 'prepare', url: `${base}/click/prepare` },
      { name: 'complete', url: `${base}/click/complete` },
    ],
    stripe: [{ name: 'webhook', url: `${base}/stripe/webhook` }],
  }
}
