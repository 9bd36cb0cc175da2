import vine from '@vinejs/vine'
import { timezoneRule } from '#validators/rules/timezone'

export const branchValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(200),
  address: vine.string().trim().maxLength(500).optional(),
  timezone: vine.string().trim().use(timezoneRule()).optional(),
  locale: vine.enum(['ru', 'uz', 'en']).optional(),
})

export const updateBranchValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(200).optional(),
  address: vine.string().trim().maxLength(500).nullable().optional(),
  timezone: vine.string().trim().use(timezoneRule()).optional(),
  locale: vine.enum(['ru', 'uz', 'en']).optional(),
})
