import { currentTenantOrFail } from '#tenants/context'

/**
 * Real-time channels (issue 4). Every name starts with `tenant/<id>/`
 * (tenants/bootstrappers/transmit.ts), so no subscription can cross tenants.
 */
export const CHANNEL_PATTERNS = {
  board: /^tenant\/(\d+)\/board\/(\d+)$/,
  registry: /^tenant\/(\d+)\/branch\/(\d+)\/registry$/,
  doctorQueue: /^tenant\/(\d+)\/doctor\/(\d+)\/queue$/,
  payments: /^tenant\/(\d+)\/branch\/(\d+)\/payments$/,
} as const

export type ChannelKind = keyof typeof CHANNEL_PATTERNS

function name(channel: string) {
  return currentTenantOrFail().channels.name(channel)
}

/** One board device: messages already filtered by its privacy mode. */
export const boardChannel = (boardId: number) => name(`board/${boardId}`)
/** Registry screens of a branch (staff with `registry.read`). */
export const registryChannel = (branchId: number) => name(`branch/${branchId}/registry`)
/** A doctor's queue panel (staff with `queue.call`). */
export const doctorQueueChannel = (doctorId: number) => name(`doctor/${doctorId}/queue`)

/** Payment state changes of a branch: the cash desk (staff with `payments.read`). */
export const paymentsChannel = (branchId: number) => name(`branch/${branchId}/payments`)

/** Which kind of channel a name is, with its tenant and the id after it. */
export function parseChannel(channel: string) {
  for (const [kind, pattern] of Object.entries(CHANNEL_PATTERNS)) {
    const match = pattern.exec(channel)
    if (match) {
      return { kind: kind as ChannelKind, tenantId: Number(match[1]), id: Number(match[2]) }
    }
  }
  return null
}
