import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { AppException } from '#exceptions/app_exception'
import pluginState from '#plugin_api/plugin_state_service'

/**
 * `middleware.pluginEnabled('<plugin id>')`: a plugin's routes answer 404
 * NOT_FOUND (JSON or page) unless the current tenant has enabled it.
 */
export default class PluginEnabledMiddleware {
  async handle(ctx: HttpContext, next: NextFn, pluginId: string) {
    const tenantId = ctx.tenant?.tenant.id
    if (tenantId === undefined || !(await pluginState.isEnabled(tenantId, pluginId))) {
      throw new AppException('NOT_FOUND', 404)
    }
    return next()
  }
}
