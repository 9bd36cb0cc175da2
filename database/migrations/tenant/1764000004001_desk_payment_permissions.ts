import { BaseSchema } from '@adonisjs/lucid/schema'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

type RoleRow = { id: number; name: string; is_system: unknown; permissions: string }

/**
 * Issue 22: the registrar takes cash and online payments at the desk (spec
 * §8.2), and refunds get their own code `payments.refund`. A tenant created
 * before keeps what its roles could do: every role that took payments may
 * still refund, and the built-in registrar role (as the clinic left it) may
 * now take payments. New tenants get the same from SYSTEM_ROLES.
 */
export async function grantDeskPaymentCodes(db: QueryClientContract) {
  const roles: RoleRow[] = await db.from('roles').select('id', 'name', 'is_system', 'permissions')
  for (const role of roles) {
    const codes: string[] = JSON.parse(role.permissions || '[]')
    if (codes.includes('*')) continue
    const next = new Set(codes)
    if (next.has('payments.write')) next.add('payments.refund')
    if (Boolean(role.is_system) && role.name === 'registrar') {
      next.add('payments.read')
      next.add('payments.write')
    }
    if (next.size === codes.length) continue
    await db
      .from('roles')
      .where('id', role.id)
      .update({ permissions: JSON.stringify([...next]) })
  }
}

export default class extends BaseSchema {
  async up() {
    this.defer((db) => grantDeskPaymentCodes(db))
  }

  async down() {}
}
