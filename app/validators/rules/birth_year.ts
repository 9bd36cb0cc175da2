import vine from '@vinejs/vine'
import { clock } from '#services/clock'

/** Decision 3: a birth year from 1900 to the current year (a baby born this year is valid). */
export const birthYearRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'number') return
  const max = clock.now().year
  if (value < 1900 || value > max) {
    field.report('The {{ field }} must be between 1900 and the current year', 'birthYear', field, {
      min: 1900,
      max,
    })
  }
})
