import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { UnknownTenantException } from '#tenants/errors'

/** Clinic routes answer only on a tenant host; on the platform host they do not exist. */
export default class RequireTenantMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.tenant) throw new UnknownTenantException('This page exists on a clinic address only')
    return next()
  }
}
