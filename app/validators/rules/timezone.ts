import vine from '@vinejs/vine'
import { IANAZone } from 'luxon'

/** An IANA timezone name such as `Asia/Tashkent`. Message key: `validator.shared.messages.timezone`. */
export const timezoneRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string' || !IANAZone.isValidZone(value)) {
    field.report('The {{ field }} field must be a valid timezone', 'timezone', field)
  }
})
