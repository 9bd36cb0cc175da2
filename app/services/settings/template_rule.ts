import vine from '@vinejs/vine'
import Handlebars from 'handlebars'

/** A print template must be valid Handlebars: a broken one is refused before it is saved. */
export const templateRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  try {
    Handlebars.precompile(value, { strict: false })
  } catch {
    field.report('The template has a syntax error', 'template', field)
  }
})
