import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { currentTenant } from '#tenants/context'
import boardDevices from '#services/board/board_devices'
import { parseChannel } from '#services/board/board_channels'
import queueAccess from '#services/queue/queue_access'

/** The staff member behind a bearer token or the panel's session, if any. */
async function staffUser(ctx: HttpContext): Promise<User | null> {
  try {
    return (await ctx.auth.authenticateUsing(['api', 'web'])) as User
  } catch {
    return null
  }
}

/** A board device names itself by its key: the `X-Board-Key` header (or `?key=`). */
export function boardKeyOf(ctx: HttpContext) {
  return ctx.request.header('x-board-key') ?? ctx.request.qs().key ?? null
}

/**
 * May this request subscribe to `channel`? The channel must belong to the
 * tenant of the host; a board channel needs that board's key; staff channels
 * need the permission and, for a user tied to a branch, that branch.
 */
export async function canSubscribe(ctx: HttpContext, channel: unknown) {
  if (typeof channel !== 'string') return false
  const parsed = parseChannel(channel)
  const runtime = currentTenant()
  if (!parsed || !runtime || parsed.tenantId !== runtime.tenant.id) return false

  if (parsed.kind === 'board') {
    const board = await boardDevices.findByKey(boardKeyOf(ctx))
    return board?.id === parsed.id
  }

  const user = await staffUser(ctx)
  if (!user?.isActive) return false
  if (parsed.kind === 'registry' || parsed.kind === 'payments') {
    if (user.branchId && user.branchId !== parsed.id) return false
    return user.hasPermission(parsed.kind === 'registry' ? 'registry.read' : 'payments.read')
  }
  /* A doctor's queue: the rule of the calling API (own queue, or queue.call_any). */
  return queueAccess.mayWork(user, parsed.id)
}
