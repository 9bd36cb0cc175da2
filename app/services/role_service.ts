import type { HttpContext } from '@adonisjs/core/http'
import Role, { ALL_PERMISSIONS } from '#models/role'
import { audit } from '#services/audit_service'
import { AppException } from '#exceptions/app_exception'
import { permissionCatalog } from '#plugin_api/permissions'

export interface RoleInput {
  name: string
  title?: string
  permissions: string[]
}

const serialize = (role: Role) => ({
  id: role.id,
  name: role.name,
  title: role.title,
  is_system: role.isSystem,
  permissions: role.permissions,
})

/**
 * Roles of the current tenant: built-in ones and custom sets of permission
 * codes (host and plugin). The admin role cannot be changed, so a tenant is
 * never left without someone who can administer it. Changes apply at once:
 * permissions are read per request.
 */
export class RoleService {
  async list() {
    return (await Role.query().orderBy('id')).map(serialize)
  }

  async create(input: RoleInput, ctx?: HttpContext) {
    if (await Role.findBy('name', input.name)) {
      throw new AppException('ROLE_EXISTS', 409, { name: input.name })
    }
    this.#assertKnownCodes(input.permissions)
    const role = await Role.create({
      name: input.name,
      title: input.title ?? null,
      isSystem: false,
      permissions: input.permissions,
    })
    await audit(
      { event: 'role.created', entityType: 'role', entityId: role.id, after: serialize(role) },
      ctx
    )
    return serialize(role)
  }

  async update(id: number, input: RoleInput, ctx?: HttpContext) {
    const role = await Role.findOrFail(id)
    if (role.permissions.includes(ALL_PERMISSIONS)) throw new AppException('ADMIN_ROLE_LOCKED', 409)
    if (input.name !== role.name && (await Role.findBy('name', input.name))) {
      throw new AppException('ROLE_EXISTS', 409, { name: input.name })
    }
    this.#assertKnownCodes(input.permissions)

    const before = serialize(role)
    role.merge({
      name: role.isSystem ? role.name : input.name,
      title: input.title ?? role.title,
      permissions: input.permissions,
    })
    await role.save()
    await audit(
      {
        event: 'role.updated',
        entityType: 'role',
        entityId: role.id,
        before,
        after: serialize(role),
      },
      ctx
    )
    return serialize(role)
  }

  #assertKnownCodes(codes: string[]) {
    const known = new Set(permissionCatalog().map((permission) => permission.code))
    const unknown = codes.filter((code) => !known.has(code))
    if (unknown.length)
      throw new AppException('UNKNOWN_PERMISSION', 422, { codes: unknown.join(', ') })
  }
}

export default new RoleService()
