import type { HttpContext } from '@adonisjs/core/http'
import userService from '#services/user_service'
import { createUserValidator } from '#validators/user'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'

/** Refusals of userService.create that belong to one form field. */
const FIELD_OF_ERROR: Record<string, string> = { LOGIN_TAKEN: 'login', UNKNOWN_ROLE: 'roles' }

/** Form posts of the Users panel page (session); the JSON API lives in users_controller. */
export default class UsersPageController {
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createUserValidator)
    try {
      await userService.create(input, ctx)
    } catch (error) {
      /** Known refusals go back to the form as field errors, in the request's language. */
      const bag = this.#formErrors(error, ctx)
      if (!bag) throw error
      ctx.session.flash('inputErrorsBag', bag)
      return ctx.response.redirect().back()
    }
    ctx.session.flash('success', ctx.i18n.t('ui.users.created', { login: input.login }))
    return ctx.response.redirect('/admin/users')
  }

  #formErrors(error: unknown, ctx: HttpContext): Record<string, string[]> | null {
    if (error instanceof FieldErrors) {
      return Object.fromEntries(
        error.messages(ctx.i18n).map((problem) => [problem.field, [problem.message]])
      )
    }
    const field = error instanceof AppException ? FIELD_OF_ERROR[error.code ?? ''] : undefined
    if (!field) return null
    return {
      [field]: [
        ctx.i18n.t(`errors.${(error as AppException).code}`, (error as AppException).details),
      ],
    }
  }
}
