import vine from '@vinejs/vine'

const isoDay = () => vine.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const id = () => vine.number().withoutDecimals().positive()

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
  specialist_id: id(),
})

export const queueTodayValidator = vine.create({ specialist_id: id() })
