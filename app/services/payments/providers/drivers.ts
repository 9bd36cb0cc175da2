import type { OnlineProvider } from '#models/payment'
import type { PaymentDriver } from '#services/payments/providers/payment_driver'
import { clickDriver } from '#services/payments/providers/click_driver'
import { paymeDriver } from '#services/payments/providers/payme_driver'
import { stripeDriver } from '#services/payments/providers/stripe_driver'

const DRIVERS: Record<OnlineProvider, PaymentDriver<any>> = {
  stripe: stripeDriver,
  payme: paymeDriver,
  click: clickDriver,
}

export function driverOf(provider: OnlineProvider) {
  return DRIVERS[provider]
}
