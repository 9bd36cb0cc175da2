import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import BaseInertiaMiddleware from '@adonisjs/inertia/inertia_middleware'
import type User from '#models/user'
import { buildNavigation } from '#services/navigation'
import { serializeUser } from '#transformers/user_transformer'
import clinicLogo from '#services/settings/clinic_logo'

/**
 * Props every page gets: the language, the clinic, the signed-in user with
 * the navigation their permissions allow, and flash messages.
 */
export default class InertiaMiddleware extends BaseInertiaMiddleware {
  async share(ctx: HttpContext) {
    const { session, auth } = ctx as Partial<HttpContext>
    const user = auth?.user as User | undefined
    const tenant = ctx.tenant?.tenant

    return {
      locale: ctx.i18n?.locale ?? 'ru',
      errors: ctx.inertia.always(this.getValidationErrors(ctx)),
      flash: ctx.inertia.always({
        error: session?.flashMessages.get('loginError') as string | undefined,
        success: session?.flashMessages.get('success') as string | undefined,
      }),
      clinic: tenant
        ? { name: tenant.name, slug: tenant.slug, logo_url: await clinicLogo.url() }
        : null,
      user: ctx.inertia.always(user ? await serializeUser(user) : null),
      navigation: ctx.inertia.always(user ? await buildNavigation(user) : []),
    }
  }

  async handle(ctx: HttpContext, next: NextFn) {
    await this.init(ctx)
    const output = await next()
    this.dispose(ctx)
    return output
  }
}

declare module '@adonisjs/inertia/types' {
  type MiddlewareSharedProps = InferSharedProps<InertiaMiddleware>
  export interface SharedProps extends MiddlewareSharedProps {}
}
