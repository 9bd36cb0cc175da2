import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import Role, { ALL_PERMISSIONS } from '#models/role'
import Doctor from '#models/doctor'
import Branch from '#models/branch'
import { audit } from '#services/audit_service'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { currentTenantOrFail } from '#tenants/context'
import { serializeUser } from '#transformers/user_transformer'

export interface NewUser {
  login: string
  password: string
  roles: string[]
  full_name?: string
  doctor_id?: number
  branch_id?: number | null
  locale?: 'ru' | 'uz' | 'en'
}

export interface UserChanges {
  full_name?: string | null
  roles?: string[]
  doctor_id?: number | null
  branch_id?: number | null
  is_active?: boolean
  locale?: 'ru' | 'uz' | 'en' | null
}

export interface UserFilters {
  role?: string
  active?: boolean
  q?: string
}

const transaction = <T>(work: (trx: any) => Promise<T>) =>
  db.connection(currentTenantOrFail().connectionName).transaction(work)

/**
 * Staff accounts of the current tenant. A tenant always keeps at least one
 * active user whose role grants everything (`*`): edits that would remove the
 * last one are refused with LAST_ADMIN.
 */
export class UserService {
  async list(filters: UserFilters = {}) {
    const query = User.query().preload('roles').orderBy('login')
    if (filters.active !== undefined) query.where('is_active', filters.active)
    if (filters.role) query.whereHas('roles', (roles) => roles.where('name', filters.role!))
    if (filters.q) {
      const needle = `%${filters.q.toLowerCase()}%`
      query.where((inner) =>
        inner
          .whereRaw('LOWER(login) LIKE ?', [needle])
          .orWhereRaw('LOWER(full_name) LIKE ?', [needle])
      )
    }
    return Promise.all(
      (await query).map(async (user) => ({
        ...(await serializeUser(user)),
        two_factor: !!user.totpEnabledAt,
      }))
    )
  }

  /** Creates a user with roles in one transaction: a bad role leaves nothing behind. */
  async create(input: NewUser, ctx?: HttpContext) {
    if (await User.query().whereRaw('LOWER(login) = ?', [input.login.toLowerCase()]).first()) {
      throw new AppException('LOGIN_TAKEN', 409, { login: input.login })
    }
    this.#assertPasswordNotLogin(input.password, input.login)
    const roles = await this.#roles(input.roles)
    if (input.doctor_id !== undefined) await this.#assertDoctor(input.doctor_id)
    if (input.branch_id) await this.#assertBranch(input.branch_id)

    const user = await transaction(async (trx) => {
      const created = await User.create(
        {
          login: input.login,
          password: input.password,
          fullName: input.full_name ?? null,
          doctorId: input.doctor_id ?? null,
          branchId: input.branch_id ?? null,
          locale: input.locale ?? null,
          isActive: true,
        },
        { client: trx }
      )
      await created.related('roles').attach(
        roles.map((role) => role.id),
        trx
      )
      return created
    })

    const output = await serializeUser(user)
    await audit(
      { event: 'user.created', entityType: 'user', entityId: user.id, after: output },
      ctx
    )
    return output
  }

  /** Edits name, roles, doctor link, branch (issue 12 F7: `branch_scope.ts`), language or the active flag. */
  async update(id: number, changes: UserChanges, ctx?: HttpContext) {
    const user = await User.query().where('id', id).preload('roles').firstOrFail()
    const before = await serializeUser(user)
    const roles = changes.roles ? await this.#roles(changes.roles) : user.roles
    if (changes.doctor_id) await this.#assertDoctor(changes.doctor_id)
    if (changes.branch_id) await this.#assertBranch(changes.branch_id)
    const willBeActive = changes.is_active ?? user.isActive
    if (this.#isAdmin(user.roles) && (!willBeActive || !this.#isAdmin(roles))) {
      await this.#assertAnotherAdmin(user.id)
    }

    await transaction(async (trx) => {
      user.useTransaction(trx)
      if (changes.full_name !== undefined) user.fullName = changes.full_name
      if (changes.doctor_id !== undefined) user.doctorId = changes.doctor_id
      if (changes.branch_id !== undefined) user.branchId = changes.branch_id
      if (changes.locale !== undefined) user.locale = changes.locale
      user.isActive = willBeActive
      await user.save()
      if (changes.roles) {
        await user.related('roles').sync(
          roles.map((role) => role.id),
          true,
          trx
        )
      }
      if (!willBeActive) await this.#signOutEverywhere(user.id, trx)
    })

    await user.load('roles')
    const after = await serializeUser(user)
    const event = before.is_active && !after.is_active ? 'user.deactivated' : 'user.updated'
    await audit({ event, entityType: 'user', entityId: user.id, before, after }, ctx)
    return after
  }

  /** DELETE deactivates: history (audit, visits) keeps pointing at the account. */
  deactivate(id: number, ctx?: HttpContext) {
    return this.update(id, { is_active: false }, ctx)
  }

  /** Sets a new password and signs the user out of every panel session and API token. */
  async resetPassword(id: number, password: string, ctx?: HttpContext) {
    const user = await User.findOrFail(id)
    this.#assertPasswordNotLogin(password, user.login)
    await transaction(async (trx) => {
      user.useTransaction(trx)
      user.password = password
      await user.save()
      await this.#signOutEverywhere(user.id, trx)
    })
    await audit({ event: 'user.password_reset', entityType: 'user', entityId: user.id }, ctx)
    return serializeUser(user)
  }

  /** Active users holding an all-permissions role. */
  async activeAdminIds(): Promise<number[]> {
    const admins = await User.query()
      .where('is_active', true)
      .whereHas('roles', (roles) =>
        roles.whereRaw('permissions LIKE ?', [`%"${ALL_PERMISSIONS}"%`])
      )
      .select('id')
    return admins.map((user) => user.id)
  }

  #isAdmin(roles: Role[]) {
    return roles.some((role) => role.permissions.includes(ALL_PERMISSIONS))
  }

  async #assertAnotherAdmin(userId: number) {
    const others = (await this.activeAdminIds()).filter((id) => id !== userId)
    if (!others.length) throw new AppException('LAST_ADMIN', 409)
  }

  async #roles(names: string[]) {
    const roles = await Role.query().whereIn('name', names)
    const missing = names.filter((name) => !roles.some((role) => role.name === name))
    if (missing.length) throw new AppException('UNKNOWN_ROLE', 422, { roles: missing.join(', ') })
    return roles
  }

  async #assertDoctor(doctorId: number) {
    if (!(await Doctor.find(doctorId))) throw FieldErrors.of('doctor_id', 'exists')
  }

  async #assertBranch(branchId: number) {
    if (!(await Branch.find(branchId))) throw FieldErrors.of('branch_id', 'exists')
  }

  #assertPasswordNotLogin(password: string, login: string) {
    if (password.toLowerCase().includes(login.toLowerCase())) {
      throw FieldErrors.of('password', 'weakPassword')
    }
  }

  /**
   * Ends every panel session of the user (cookies included, wherever they were
   * copied): their session epoch moves on (`#support/session_user_provider`).
   * Logout calls it; so does anything that signs a user out everywhere.
   */
  async endSessions(userId: number, trx?: any) {
    const query = trx ? trx.from('users') : User.query()
    await query.where('id', userId).increment('session_epoch', 1)
  }

  /** Deactivation and a password reset: every panel session and every API token. */
  async #signOutEverywhere(userId: number, trx: any) {
    await this.endSessions(userId, trx)
    await trx.from('auth_access_tokens').where('tokenable_id', userId).delete()
  }
}

export default new UserService()
