import vine from '@vinejs/vine'
import { isoDay, recordId } from '#validators/rules/common'

export const dashboardValidator = vine.create({ branch_id: recordId().optional() })

export const reportValidator = vine.create({
  from: isoDay(),
  to: isoDay(),
  branch_id: recordId().optional(),
})

export const auditLogValidator = vine.create({
  from: isoDay().optional(),
  to: isoDay().optional(),
  user_id: recordId().optional(),
  /** An event name (`user.created`) or a prefix ending in a dot (`user.`). */
  event: vine.string().trim().maxLength(100).optional(),
  entity_type: vine.string().trim().maxLength(100).optional(),
  entity_id: vine.string().trim().maxLength(100).optional(),
  page: vine.number().withoutDecimals().range([1, 100_000]).optional(),
  per_page: vine.number().withoutDecimals().range([1, 200]).optional(),
})
