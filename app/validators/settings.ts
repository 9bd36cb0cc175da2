import vine from '@vinejs/vine'
import { recordId } from '#validators/rules/common'

export const settingsQueryValidator = vine.create({
  branch_id: recordId().optional(),
})

export const updateSettingsValidator = vine.create({
  branch_id: recordId().optional(),
  values: vine.record(vine.any().nullable()),
})
