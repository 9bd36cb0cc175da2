import { SessionLucidUserProvider } from '@adonisjs/auth/session'
import type { LucidAuthenticatable, SessionGuardUser } from '@adonisjs/auth/types/session'

/** What the session guard needs of a user row to pin a session to its epoch. */
interface EpochUser {
  id: number
  sessionEpoch?: number | null
}

/** The value a session keeps for its signed-in user: `<user id>.<session epoch>`. */
export function sessionIdentity(user: EpochUser) {
  return `${user.id}.${user.sessionEpoch ?? 0}`
}

/** Reads `<user id>.<session epoch>`; anything else (a bare id of a session minted before epochs) is no one. */
export function parseSessionIdentity(value: unknown): { id: number; epoch: number } | null {
  if (typeof value !== 'string') return null
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(value)
  return match ? { id: Number(match[1]), epoch: Number(match[2]) } : null
}

/**
 * The panels' session user provider (issue 12 F6). Sessions are cookies, so
 * one cannot be deleted where it is kept; instead every user has a session
 * epoch (`users.session_epoch`). Login stores `<id>.<epoch>` in the session,
 * and every read of the session's user (the `web` guard: auth middleware,
 * silent auth, live-channel subscriptions, the guest check) finds the user
 * only while the epoch is unchanged. Logout, a password reset and
 * deactivation move the epoch on (`userService.endSessions`), which ends every
 * session of that user at once, copies of the cookie included.
 *
 * The tenant a session belongs to is checked one layer below, when the
 * session is read (`#support/session_binding`); the epoch check lives here,
 * where the session's user is loaded, so it costs no extra query.
 */
export class EpochSessionUserProvider<
  UserModel extends LucidAuthenticatable,
> extends SessionLucidUserProvider<UserModel> {
  async createUserForGuard(
    user: InstanceType<UserModel>
  ): Promise<SessionGuardUser<InstanceType<UserModel>>> {
    const guardUser = await super.createUserForGuard(user)
    return {
      getId: () => {
        guardUser.getId() // throws for a row without an id
        return sessionIdentity(user as unknown as EpochUser)
      },
      getOriginal: () => user,
    }
  }

  async findById(identifier: string | number | BigInt) {
    const parsed = parseSessionIdentity(identifier)
    if (!parsed) return null
    const user = (await (await this.getModel()).find(parsed.id)) as InstanceType<UserModel> | null
    if (!user) return null
    if (Number((user as unknown as EpochUser).sessionEpoch ?? 0) !== parsed.epoch) return null
    return this.createUserForGuard(user)
  }
}
