/**
 * Ticket labels (issue 22 item 7): an optional letter prefix per queue, so
 * that "T-1" at the therapist and "S-1" at the dentist are not both "№1".
 * Defaults by specialty, distinct, in Latin letters (Uzbek is written in
 * Latin; the same letters read plainly in Russian); an admin sets each
 * specialty's letter, or none, per clinic or branch.
 */
export const DEFAULT_TICKET_PREFIXES: Record<string, string> = {
  therapy: 'T',
  cardiology: 'K',
  ecg: 'E',
  dermatology: 'D',
  dentistry: 'S',
  lab: 'L',
}

/** What a prefix may be: up to three capital letters of any script, or none. */
export const TICKET_PREFIX_PATTERN = /^\p{Lu}{0,3}$/u

/** The prefix a new day's queue of `specialty` takes under the effective settings. */
export function ticketPrefixFor(settings: Record<string, unknown>, specialty: string) {
  const value = settings[`queue.ticket_prefix.${specialty}`]
  return typeof value === 'string' && value ? value : null
}

/** The ticket as people read it: "T-12", or "12" without a prefix. */
export function ticketLabel(prefix: string | null | undefined, number: number) {
  return prefix ? `${prefix}-${number}` : String(number)
}
