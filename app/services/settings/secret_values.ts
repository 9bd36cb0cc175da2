import encryption from '@adonisjs/core/services/encryption'
import { currentTenantOrFail } from '#tenants/context'

const MASK = '••••'
/** A ciphertext of one tenant cannot be copied into another tenant's settings. */
const purpose = () => `settings:${currentTenantOrFail().tenant.id}`

/** Encrypts a secret for storage (APP_KEY, AES-256-GCM); null stays null. */
export function sealSecret(value: unknown) {
  return value === null || value === undefined || value === ''
    ? null
    : encryption.encrypt(String(value), undefined, purpose())
}

/** The stored secret in clear, or null when absent or unreadable (APP_KEY changed). */
export function openSecret(stored: unknown): string | null {
  if (typeof stored !== 'string' || !stored) return null
  return encryption.decrypt<string>(stored, purpose()) ?? null
}

/** `••••` and the last four characters; null when nothing is stored. */
export function maskSecret(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null
  return value.length > 8 ? `${MASK}${value.slice(-4)}` : MASK
}

/** A value the settings form sent back as it was shown: keep the stored secret. */
export function isMasked(value: unknown) {
  return typeof value === 'string' && value.startsWith(MASK)
}
