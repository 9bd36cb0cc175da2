/*
| Server-Sent Events (issue 4): the Transmit routes on clinic hosts and who may
| subscribe to which channel. start/events.ts forwards registry events.
*/
import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import transmit from '@adonisjs/transmit/services/main'
import { middleware } from '#start/kernel'
import { AppException } from '#exceptions/app_exception'
import { canSubscribe } from '#services/board/channel_access'
import { closeAllStreams } from '#services/board/live_streams'

const requestedChannel = (ctx: HttpContext) => ctx.request.input('channel')

transmit.registerRoutes((route) => {
  route.use(middleware.tenant())
  if (!route.getPattern().endsWith('/subscribe')) return
  /* Transmit alone answers a refused channel with a bare 400: say 403 and why. */
  route.use(async (ctx, next) => {
    if (!(await canSubscribe(ctx, requestedChannel(ctx)))) {
      throw new AppException('CHANNEL_FORBIDDEN', 403)
    }
    return next()
  })
})

for (const pattern of [
  'tenant/:tenantId/board/:boardId',
  'tenant/:tenantId/branch/:branchId/registry',
  'tenant/:tenantId/doctor/:doctorId/queue',
]) {
  transmit.authorize<Record<string, string>>(pattern, (ctx: HttpContext) =>
    canSubscribe(ctx, requestedChannel(ctx))
  )
}

app.terminating(closeAllStreams)
