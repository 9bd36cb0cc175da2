import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import Role from '#models/role'
import { audit } from '#services/audit_service'
import { AppException } from '#exceptions/app_exception'
import { currentTenantOrFail } from '#tenants/context'
import { serializeUser } from '#transformers/user_transformer'

export interface NewUser {
  login: string
  password: string
  roles: string[]
  full_name?: string
  doctor_id?: number
  locale?: 'ru' | 'uz' | 'en'
}

/** Staff accounts of the current tenant. */
export class UserService {
  async list() {
    const users = await User.query().preload('roles').orderBy('login')
    return Promise.all(users.map((user) => serializeUser(user)))
  }

  /** Creates a user with roles in one transaction: a bad role leaves nothing behind. */
  async create(input: NewUser, ctx?: HttpContext) {
    if (await User.query().whereRaw('LOWER(login) = ?', [input.login.toLowerCase()]).first()) {
      throw new AppException('LOGIN_TAKEN', 409, { login: input.login })
    }
    const roles = await Role.query().whereIn('name', input.roles)
    const missing = input.roles.filter((name) => !roles.some((role) => role.name === name))
    if (missing.length) throw new AppException('UNKNOWN_ROLE', 422, { roles: missing.join(', ') })

    const user = await db
      .connection(currentTenantOrFail().connectionName)
      .transaction(async (trx) => {
        const created = await User.create(
          {
            login: input.login,
            password: input.password,
            fullName: input.full_name ?? null,
            doctorId: input.doctor_id ?? null,
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
}

export default new UserService()
