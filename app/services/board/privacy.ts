import type { BoardPrivacy } from '#models/board'

/**
 * BRD-R4: what a board may show of a patient's name. Filtered on the server,
 * so a hidden name never leaves it (BRD-T3). "Иванов Иван Иванович" →
 * full: as stored; initials: "И. И. И."; number: nothing.
 */
export function boardPatientName(fullName: string | null | undefined, privacy: BoardPrivacy) {
  const name = fullName?.trim()
  if (!name || privacy === 'number') return null
  if (privacy === 'full') return name
  return name
    .split(/\s+/)
    .map((part) => `${part.charAt(0).toLocaleUpperCase()}.`)
    .join(' ')
}
