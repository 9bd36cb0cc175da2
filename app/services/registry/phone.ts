import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'

/**
 * A phone in E.164 (`+998901234567`), or null when it is not a valid number
 * of `country` (national input) or of any country (input with `+`).
 */
export function normalizePhone(input: string, country: string): string | null {
  const trimmed = input.trim()
  if (!trimmed) return null
  const parsed = parsePhoneNumberFromString(trimmed, country as CountryCode)
  return parsed?.isValid() ? parsed.number : null
}

/** `+998 90 ••• •• 67`: patient-facing views never show a full number (QUE-T4). */
export function maskPhone(e164: string | null) {
  if (!e164) return null
  const parsed = parsePhoneNumberFromString(e164)
  const national = parsed?.nationalNumber ?? e164.replace(/\D/g, '')
  if (national.length < 6) return '•••'
  const code = parsed ? `+${parsed.countryCallingCode} ` : ''
  return `${code}${national.slice(0, 2)} ••• •• ${national.slice(-2)}`
}
