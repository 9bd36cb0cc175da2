export interface AdminBoard {
  id: number
  branch_id: number
  name: string
  key_hint: string
  privacy: 'number' | 'initials' | 'full'
  specialist_ids: number[]
  theme: 'dark' | 'light'
  next_count: number
  call_seconds: number
  voice_enabled: boolean
  voice_lang: 'ru' | 'uz' | 'en'
  voice_volume: number
  chime_enabled: boolean
  pinned_message: string | null
  ticker: { ru: string; uz: string; en: string }
  test_mode: boolean
  active: boolean
}

export interface BoardMediaItem {
  id: number
  kind: 'image' | 'video'
  mime: string
  size: number
  original_name: string
  position: number
  duration_seconds: number
}

export interface BoardDoctor {
  id: number
  full_name: string
  specialty: string
  cabinet: string | null
  branch_id: number
}

/** A board answered with its key (create, rotate): the only time the key is shown. */
export type BoardWithKey = AdminBoard & { key: string; url: string }
