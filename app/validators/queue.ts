import vine from '@vinejs/vine'
import { isoDay, recordId } from '#validators/rules/common'

/** Public join (QR page, bot, PWA): a phone or a Telegram id is required (422 otherwise). */
export const joinQueueValidator = vine.create({
  token: vine.string().trim().minLength(10).maxLength(1000),
  phone: vine.string().trim().maxLength(30).optional().requiredIfMissing('telegram_id'),
  telegram_id: vine
    .string()
    .trim()
    .regex(/^-?\d{1,20}$/)
    .optional()
    .requiredIfMissing('phone'),
  name: vine.string().trim().maxLength(200).optional(),
})

/** `day` and `specialist_id` come in the body or the query string (seed: both). */
export const queueDayValidator = vine.create({
  day: isoDay().optional(),
  specialist_id: recordId(),
})

export const queueTodayValidator = vine.create({ specialist_id: recordId() })
