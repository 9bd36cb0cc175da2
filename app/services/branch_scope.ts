import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import Visit from '#models/visit'
import QueueEntry from '#models/queue_entry'
import DailyQueue from '#models/daily_queue'
import { AppException } from '#exceptions/app_exception'

/** Who is asking: a request (its signed-in user), a user, or nobody (the app itself). */
export type BranchActor = HttpContext | User | null | undefined

const userOf = (who: BranchActor): User | undefined => {
  if (!who) return undefined
  if ('request' in who) return (who as HttpContext).auth?.user as User | undefined
  return who as User
}

/**
 * The branch rule (issue 12 F7), one for every branch-owned resource: a user
 * tied to a branch (`users.branch_id`) sees and acts on that branch's
 * resources only; a user without a branch sees all. Calls the app makes
 * itself (no request, no user) are not limited.
 *
 * `ownBranch()`: the branch the actor is limited to, or null for all.
 */
export function ownBranch(who: BranchActor): number | null {
  return userOf(who)?.branchId ?? null
}

/**
 * May the actor reach a resource of `branchId`? A resource without a branch
 * (a payment started without a visit by a clinic-wide user) is the clinic's:
 * a branch-tied user does not reach it.
 */
export function mayReachBranch(who: BranchActor, branchId: number | null | undefined) {
  const own = ownBranch(who)
  return own === null || own === (branchId ?? null)
}

/** 403 `BRANCH_FORBIDDEN` unless the actor may reach a resource of `branchId`. */
export function assertBranch(who: BranchActor, branchId: number | null | undefined) {
  if (!mayReachBranch(who, branchId)) throw new AppException('BRANCH_FORBIDDEN', 403)
}

/**
 * The branch a list is limited to: the actor's own branch (asking for another
 * one is 403 `BRANCH_FORBIDDEN`), else the branch asked for, else none (all).
 */
export function listBranch(who: BranchActor, requested?: number | null): number | undefined {
  const own = ownBranch(who)
  if (own === null) return requested ?? undefined
  if (requested && requested !== own) throw new AppException('BRANCH_FORBIDDEN', 403)
  return own
}

/**
 * 403 `BRANCH_FORBIDDEN` when the visit belongs to a branch the actor may not
 * reach; a visit that does not exist is left to the caller's own 404/422.
 * Visit edits, transitions and anything else acting on a visit by id call it.
 */
export async function assertVisitBranch(who: BranchActor, visitId: number | string) {
  if (ownBranch(who) === null) return
  const id = Number(visitId)
  if (!Number.isSafeInteger(id) || id < 1) return
  const visit = await Visit.find(id)
  if (visit) assertBranch(who, visit.branchId)
}

/** The same for a queue ticket (`queue_entries`): its queue's branch. */
export async function assertEntryBranch(who: BranchActor, entryId: number | string) {
  if (ownBranch(who) === null) return
  const id = Number(entryId)
  if (!Number.isSafeInteger(id) || id < 1) return
  const entry = await QueueEntry.find(id)
  const queue = entry ? await DailyQueue.find(entry.queueId) : null
  if (queue) assertBranch(who, queue.branchId)
}
