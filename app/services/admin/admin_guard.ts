import { BlockList, isIP } from 'node:net'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type User from '#models/user'
import settingsService from '#services/settings/settings_service'
import twoFactorService from '#services/admin/two_factor_service'
import { AppException } from '#exceptions/app_exception'

/** Does `ip` match one of the entries (single addresses or CIDR ranges, IPv4 or IPv6)? */
export function ipAllowed(ip: string, entries: string[]) {
  if (!entries.length) return true
  const list = new BlockList()
  for (const entry of entries) {
    const [address, prefix] = entry.split('/')
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (!isIP(address)) continue
    if (prefix) list.addSubnet(address, Number(prefix), type)
    else list.addAddress(address, type)
  }
  const plain = ip.replace(/^::ffff:(?=\d+\.)/, '')
  return list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4')
}

/**
 * The admin area's own checks (ADM-R12), after authentication: the clinic's
 * optional IP allow-list, and a second factor for the roles that must use one.
 */
export async function adminGuard(ctx: HttpContext, next: NextFn) {
  const allowlist = await settingsService.get<string[]>('security.admin_ip_allowlist')
  if (!ipAllowed(ctx.request.ip(), allowlist ?? [])) throw new AppException('IP_NOT_ALLOWED', 403)
  const user = ctx.auth.user as User | undefined
  if (user && !twoFactorService.isEnabled(user) && (await twoFactorService.isRequired(user))) {
    if (!ctx.request.url().startsWith('/api/')) return ctx.response.redirect('/account/security')
    throw new AppException('TWO_FACTOR_SETUP_REQUIRED', 403)
  }
  return next()
}
