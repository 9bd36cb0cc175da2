import encryption from '@adonisjs/core/services/encryption'
import { currentTenantOrFail } from '#tenants/context'

const purpose = () => `payment-return:${currentTenantOrFail().tenant.id}`

/**
 * The page a provider sends the patient back to: `/pay/<id>?s=<signature>`.
 * Signed, so nobody reads another patient's payment by guessing ids; bound
 * to the tenant, valid for a week.
 */
export function returnUrl(origin: string, paymentId: number) {
  const signature = encryption.getMessageVerifier().sign(paymentId, '7 days', purpose())
  return `${origin}/pay/${paymentId}?s=${encodeURIComponent(signature)}`
}

/** True when the signature names this payment of this tenant. */
export function verifyReturn(paymentId: number, signature: unknown) {
  if (typeof signature !== 'string' || signature.length > 500) return false
  return encryption.getMessageVerifier().unsign<number>(signature, purpose()) === paymentId
}
