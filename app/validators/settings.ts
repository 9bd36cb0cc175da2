import vine from '@vinejs/vine'

export const settingsQueryValidator = vine.create({
  branch_id: vine.number().withoutDecimals().positive().optional(),
})

export const updateSettingsValidator = vine.create({
  branch_id: vine.number().withoutDecimals().positive().optional(),
  values: vine.record(vine.any().nullable()),
})
