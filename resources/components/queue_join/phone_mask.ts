/**
 * Phone input masks of the countries the clinics serve. The patient types
 * national digits; the page shows them grouped and sends E.164.
 */
export interface PhoneCountry {
  code: 'UZ' | 'KZ' | 'RU' | 'KG' | 'TJ'
  dial: string
  /** Digit groups of the national number: UZ 90 123 45 67. */
  groups: number[]
  example: string
}

export const PHONE_COUNTRIES: PhoneCountry[] = [
  { code: 'UZ', dial: '998', groups: [2, 3, 2, 2], example: '90 123 45 67' },
  { code: 'KZ', dial: '7', groups: [3, 3, 2, 2], example: '701 123 45 67' },
  { code: 'RU', dial: '7', groups: [3, 3, 2, 2], example: '912 345 67 89' },
  { code: 'KG', dial: '996', groups: [3, 3, 3], example: '700 123 456' },
  { code: 'TJ', dial: '992', groups: [2, 3, 4], example: '90 123 4567' },
]

export function countryOf(code: string | null | undefined): PhoneCountry {
  return PHONE_COUNTRIES.find((country) => country.code === code) ?? PHONE_COUNTRIES[0]
}

export const nationalLength = (country: PhoneCountry) => country.groups.reduce((a, b) => a + b, 0)

/**
 * The national digits of whatever was typed or pasted: separators dropped,
 * a leading `+998` / `998` (or `8` for +7 countries) removed, cut to length.
 */
export function nationalDigits(input: string, country: PhoneCountry): string {
  let digits = input.replace(/\D/g, '')
  const length = nationalLength(country)
  if (digits.length > length && digits.startsWith(country.dial))
    digits = digits.slice(country.dial.length)
  if (country.dial === '7' && digits.length > length && digits.startsWith('8'))
    digits = digits.slice(1)
  return digits.slice(0, length)
}

/** `901234567` → `90 123 45 67` (partial input grouped as far as it goes). */
export function formatNational(digits: string, country: PhoneCountry): string {
  const parts: string[] = []
  let at = 0
  for (const size of country.groups) {
    if (at >= digits.length) break
    parts.push(digits.slice(at, at + size))
    at += size
  }
  return parts.join(' ')
}

export const isComplete = (digits: string, country: PhoneCountry) =>
  digits.length === nationalLength(country)

export const toE164 = (digits: string, country: PhoneCountry) => `+${country.dial}${digits}`

/**
 * `+998 90 ••• •• 67`: what the page shows back (QUE-T4). The first group
 * and the last two digits stay, the rest become dots.
 */
export function maskPhone(digits: string, country: PhoneCountry): string {
  const keepFrom = digits.length - 2
  const first = country.groups[0]
  let index = 0
  const masked = formatNational(digits, country).replace(/\d/g, (digit) => {
    const shown = index < first || index >= keepFrom
    index++
    return shown ? digit : '•'
  })
  return `+${country.dial} ${masked}`
}
