import { Exception } from '@adonisjs/core/exceptions'
import type { I18n } from '@adonisjs/i18n'

export interface FieldProblem {
  field: string
  rule: string
  params?: Record<string, unknown>
}

/**
 * A validation failure found past the validator (an unknown doctor, a date in
 * the past). Answered like VineJS errors: 422 `{"errors": [{field, rule, message}]}`
 * with messages from validator.json in the request's language.
 */
export class FieldErrors extends Exception {
  static status = 422

  constructor(public problems: FieldProblem[]) {
    super('VALIDATION_FAILED', { code: 'VALIDATION_FAILED', status: 422 })
  }

  static of(field: string, rule: string, params?: Record<string, unknown>) {
    return new FieldErrors([{ field, rule, params }])
  }

  messages(i18n: I18n) {
    return this.problems.map(({ field, rule, params = {} }) => {
      const base = field
        .replace(/\.\d+\./g, '.*.')
        .split('.')
        .pop()!
      const fieldName = i18n.t(`validator.shared.fields.${base}`, {}, base)
      const data = { field: fieldName, ...params }
      const generic = i18n.t(`validator.shared.messages.${rule}`, data, rule)
      return {
        field,
        rule,
        message: i18n.t(`validator.shared.messages.${base}.${rule}`, data, generic),
      }
    })
  }
}
