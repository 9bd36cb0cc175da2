import type User from '#models/user'

/** The staff user as the API and the panels see it. */
export async function serializeUser(user: User) {
  if (!user.$preloaded.roles) await user.load('roles')
  return {
    id: user.id,
    login: user.login,
    full_name: user.fullName,
    roles: user.roles.map((role) => role.name),
    is_active: user.isActive,
    doctor_id: user.doctorId,
    branch_id: user.branchId,
    locale: user.locale,
    last_login_at: user.lastLoginAt?.toISO() ?? null,
  }
}
