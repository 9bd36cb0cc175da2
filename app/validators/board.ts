import vine from '@vinejs/vine'
import { BOARD_LANGS, BOARD_PRIVACY, BOARD_THEMES } from '#models/board'
import type { Infer } from '@vinejs/vine/types'
import { recordId } from '#validators/rules/common'

const tickerText = vine.string().trim().maxLength(500)

const fields = {
  name: vine.string().trim().minLength(1).maxLength(100),
  branch_id: recordId(),
  privacy: vine.enum(BOARD_PRIVACY),
  specialist_ids: vine.array(recordId()).maxLength(50).distinct(),
  theme: vine.enum(BOARD_THEMES),
  next_count: vine.number().withoutDecimals().range([3, 5]),
  call_seconds: vine.number().withoutDecimals().range([5, 300]),
  voice_enabled: vine.boolean(),
  voice_lang: vine.enum(BOARD_LANGS),
  voice_volume: vine.number().withoutDecimals().range([0, 100]),
  chime_enabled: vine.boolean(),
  pinned_message: vine.string().trim().maxLength(300).nullable(),
  ticker: vine.object({
    ru: tickerText.clone().optional(),
    uz: tickerText.clone().optional(),
    en: tickerText.clone().optional(),
  }),
  test_mode: vine.boolean(),
  active: vine.boolean(),
}

const optionalFields = {
  name: fields.name.optional(),
  branch_id: fields.branch_id.optional(),
  privacy: fields.privacy.optional(),
  specialist_ids: fields.specialist_ids.optional(),
  theme: fields.theme.optional(),
  next_count: fields.next_count.optional(),
  call_seconds: fields.call_seconds.optional(),
  voice_enabled: fields.voice_enabled.optional(),
  voice_lang: fields.voice_lang.optional(),
  voice_volume: fields.voice_volume.optional(),
  chime_enabled: fields.chime_enabled.optional(),
  pinned_message: fields.pinned_message.optional(),
  ticker: fields.ticker.optional(),
  test_mode: fields.test_mode.optional(),
  active: fields.active.optional(),
}

/** POST /api/admin/boards: only the name is required (contract). */
export const createBoardValidator = vine.create({ ...optionalFields, name: fields.name })

/** PUT /api/admin/boards/:id: only the fields sent change. */
export const updateBoardValidator = vine.create(optionalFields)

/** PUT /api/admin/boards/:id/media/:mediaId: order and how long a slide stays. */
export const updateMediaValidator = vine.create({
  position: vine.number().withoutDecimals().range([0, 999]).optional(),
  duration_seconds: vine.number().withoutDecimals().range([3, 120]).optional(),
})

export type BoardInput = Infer<typeof updateBoardValidator>
