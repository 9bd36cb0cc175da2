import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import tenantResolver from '#tenants/tenant_resolver'
import tenancy from '#tenants/tenancy'
import {
  InvalidHostException,
  TenantSuspendedException,
  UnknownTenantException,
} from '#tenants/errors'
import type { TenantRuntime } from '#tenants/context'
import { currentTenant } from '#tenants/context'
import { setLocale } from '#middleware/detect_locale_middleware'

/**
 * Server middleware: identifies the tenant by host (subdomain, then custom
 * domain) and runs the rest of the request inside it. The bare domain is the
 * platform. Unknown host → 404, suspended tenant → 423, malformed host → 400.
 */
export default class IdentifyTenantMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const resolution = await tenantResolver.resolve(ctx.request.header('host'))

    switch (resolution.kind) {
      case 'platform':
        return next()
      case 'invalid':
        throw new InvalidHostException('Malformed Host header')
      case 'unknown':
        throw new UnknownTenantException(`No clinic at ${resolution.host}`)
      case 'tenant':
        if (resolution.tenant.status !== 'active') {
          throw new TenantSuspendedException(`Clinic ${resolution.tenant.slug} is suspended`)
        }
        if (!ctx.localeChosen) setLocale(ctx, resolution.tenant.locale)
        return tenancy.runWithTenant(resolution.tenant, () => {
          ctx.tenant = currentTenant()
          return next()
        })
    }
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The tenant of this request; undefined on the platform host. */
    tenant?: TenantRuntime
  }
}
