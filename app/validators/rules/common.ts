import vine from '@vinejs/vine'

/** A local calendar day, `yyyy-MM-dd`. */
export const isoDay = () => vine.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** A record id. */
export const recordId = () => vine.number().withoutDecimals().positive()
