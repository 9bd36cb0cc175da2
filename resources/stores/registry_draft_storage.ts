import type { Draft } from '~/components/registry/types'

/**
 * Half-typed registry rows survive a reload (issue 22 item 9): what the desk
 * typed into an empty row is kept in this browser until the row is saved or
 * cleared, for at most a working day.
 */
const DRAFTS_KEY = 'registry.drafts'
const KEPT_MS = 12 * 60 * 60 * 1000

/** What of a draft is worth keeping: the typed values, not errors, hints or saving state. */
const KEPT_FIELDS = [
  'fio',
  'birth_year',
  'phone',
  'address',
  'doctor_id',
  'type',
  'payment_type',
  'services',
  'echo',
  'doctor_cost',
  'patient_id',
] as const

type KeptDraft = Pick<Draft, (typeof KEPT_FIELDS)[number]>

export function saveDrafts(drafts: Draft[], isPristine: (draft: Draft) => boolean) {
  const typed = drafts
    .filter((draft) => !isPristine(draft) && !draft.saving)
    .map((draft) => Object.fromEntries(KEPT_FIELDS.map((field) => [field, draft[field]])))
  try {
    if (typed.length) localStorage.setItem(DRAFTS_KEY, JSON.stringify({ at: Date.now(), typed }))
    else localStorage.removeItem(DRAFTS_KEY)
  } catch {
    /* private mode or full storage: the rows stay on screen */
  }
}

export function readDrafts(): KeptDraft[] {
  try {
    const saved = JSON.parse(localStorage.getItem(DRAFTS_KEY) ?? 'null')
    if (!saved || !Array.isArray(saved.typed) || Date.now() - Number(saved.at) > KEPT_MS) return []
    return saved.typed.filter((draft: unknown) => typeof (draft as KeptDraft)?.fio === 'string')
  } catch {
    return []
  }
}
