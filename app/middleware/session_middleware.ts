import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import { configProvider } from '@adonisjs/core'
import { Session } from '@adonisjs/session'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import type { ResolvedSessionConfig } from '@adonisjs/session/types'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { isStatelessRequest } from '#support/stateless_request'
import { bindSessionToHost } from '#support/session_binding'

let config: ResolvedSessionConfig | undefined

/**
 * The session of @adonisjs/session, bound to the host that issued it (a
 * session of another tenant is emptied before anyone reads it), except for
 * stateless requests: they get an empty read-only session (so `ctx.session`
 * and the session guard work and find nobody signed in) and no session
 * cookie in the answer.
 */
export default class AppSessionMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!isStatelessRequest(ctx.request)) {
      const stateful = await app.container.make(SessionMiddleware)
      return stateful.handle(ctx, () => {
        bindSessionToHost(ctx)
        return next()
      })
    }
    config ??= (await configProvider.resolve<ResolvedSessionConfig>(
      app,
      app.config.get('session')
    ))!
    ctx.session = new Session(config, config.stores[config.store], emitter, ctx)
    await ctx.session.initiate(true)
    return next()
  }
}
