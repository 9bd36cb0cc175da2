import type { HttpContext } from '@adonisjs/core/http'
import userService from '#services/user_service'
import { createUserValidator } from '#validators/user'
import { AppException } from '#exceptions/app_exception'

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
      const field = error instanceof AppException ? FIELD_OF_ERROR[error.code ?? ''] : undefined
      if (!field) throw error
      const message = ctx.i18n.t(
        `errors.${(error as AppException).code}`,
        (error as AppException).details
      )
      ctx.session.flash('inputErrorsBag', { [field]: [message] })
      return ctx.response.redirect().back()
    }
    ctx.session.flash('success', ctx.i18n.t('ui.users.created', { login: input.login }))
    return ctx.response.redirect('/admin/users')
  }
}
