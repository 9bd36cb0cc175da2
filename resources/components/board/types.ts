export type TicketStatus = 'in_queue' | 'invited' | 'delayed' | 'in_progress'

export interface BoardCall {
  entry_id: number
  /** "T-12": the number with its queue's letter, as printed on the patient's ticket. */
  ticket: string
  /** The queue's letter, null without one. */
  prefix: string | null
  number: number
  room: string | null
  specialist_id: number
  specialist: string
  specialty: string
  patient: string | null
  doctor_photo: string | null
  called_at: string | null
}

export interface BoardSpecialist {
  id: number
  name: string
  specialty: string
  room: string | null
  photo: string | null
  queue: { ticket: string; number: number; status: TicketStatus }[]
  waiting: number
  current_call: BoardCall | null
}

export interface Announcement {
  type: 'info' | 'ticker' | 'banner' | 'video'
  text?: string
  lang?: string
  img?: string
  src?: string
  duration?: number
  id?: number
}

/** GET /api/board/state */
export interface BoardSnapshot {
  updated_at: string
  server_time: string
  channel: string
  day: string
  timezone: string
  /** `logo`: the clinic's logo address, null for the product's mark. */
  clinic: { name: string; logo: string | null }
  board: {
    id: number
    name: string
    theme: 'dark' | 'light'
    privacy: 'number' | 'initials' | 'full'
    next_count: number
    call_seconds: number
    voice_enabled: boolean
    voice_lang: 'ru' | 'uz' | 'en'
    voice_volume: number
    chime_enabled: boolean
    test_mode: boolean
  }
  specialists: BoardSpecialist[]
  calls: BoardCall[]
  announcements: Announcement[]
}

/** Fetches the board's snapshot; `null` when the key no longer opens it (401). */
export async function fetchBoardState(key: string): Promise<BoardSnapshot | null> {
  const response = await fetch('/api/board/state', {
    headers: { 'X-Board-Key': key, 'Accept': 'application/json' },
    cache: 'no-store',
  })
  if (response.status === 401) return null
  if (!response.ok) throw new Error(`board state: ${response.status}`)
  return (await response.json()) as BoardSnapshot
}
