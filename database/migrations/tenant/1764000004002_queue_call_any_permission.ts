import { BaseSchema } from '@adonisjs/lucid/schema'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

type RoleRow = { id: number; name: string; is_system: unknown; permissions: string }

/**
 * Issue 22: with `queue.call` alone a user works only the queue of the doctor
 * they are linked to; another doctor's queue needs `queue.call_any`. A tenant
 * created before keeps its front desk calling every queue: the built-in
 * registrar role, and every role that calls patients and also registers them
 * (`queue.call` with `registry.write`, a desk role of the clinic's own), get
 * the new code. Other roles (doctors, a nurse's role) do not: an admin grants
 * it on the Roles page. New tenants get it from SYSTEM_ROLES.
 */
export async function grantQueueCallAny(db: QueryClientContract) {
  const roles: RoleRow[] = await db.from('roles').select('id', 'name', 'is_system', 'permissions')
  for (const role of roles) {
    const codes: string[] = JSON.parse(role.permissions || '[]')
    if (codes.includes('*') || codes.includes('queue.call_any')) continue
    if (!codes.includes('queue.call')) continue
    const registrar = Boolean(role.is_system) && role.name === 'registrar'
    if (!registrar && !codes.includes('registry.write')) continue
    await db
      .from('roles')
      .where('id', role.id)
      .update({ permissions: JSON.stringify([...codes, 'queue.call_any']) })
  }
}

export default class extends BaseSchema {
  async up() {
    this.defer((db) => grantQueueCallAny(db))
  }

  async down() {}
}
