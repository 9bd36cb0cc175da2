import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

/**
 * One ability backs every permission check: the user's roles must grant the
 * code (host or plugin) or `*`. Route middleware, controllers and the UI's
 * navigation all ask it.
 */
export const hasPermission = Bouncer.ability(async (user: User, code: string) => {
  return user.isActive && (await user.hasPermission(code))
})
