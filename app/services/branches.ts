import Branch from '#models/branch'
import { FieldErrors } from '#exceptions/field_errors'

/**
 * The branch a form names (422 `branch_id` when there is none such), or the
 * clinic's main branch when it names none.
 */
export async function branchIdOrMain(branchId: number | undefined) {
  if (branchId === undefined) {
    return (await Branch.query().orderBy('is_default', 'desc').orderBy('id').firstOrFail()).id
  }
  if (!(await Branch.find(branchId))) throw FieldErrors.of('branch_id', 'exists')
  return branchId
}
