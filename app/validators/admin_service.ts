import vine from '@vinejs/vine'
import { recordId } from '#validators/rules/common'

/** A service category: therapy, cardiology, echo, ecg, dermatology, cosmetology, dentistry, lab, … */
export const serviceCategory = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_]{1,49}$/)

const serviceFields = {
  title: vine.string().trim().minLength(2).maxLength(200),
  code: vine.string().trim().maxLength(50).nullable().optional(),
  category: serviceCategory(),
  /** Minor units, never negative. */
  price: vine.number().withoutDecimals().min(0).max(1_000_000_000_00),
  active: vine.boolean().optional(),
  duration: vine.number().withoutDecimals().range([1, 1440]).nullable().optional(),
  payroll_percent: vine.number().range([0, 100]).nullable().optional(),
  branch_prices: vine
    .array(
      vine.object({
        branch_id: recordId(),
        price: vine.number().withoutDecimals().min(0).max(1_000_000_000_00),
      })
    )
    .maxLength(100)
    .optional(),
}

export const createServiceValidator = vine.create(serviceFields)

export const updateServiceValidator = vine.create({
  ...serviceFields,
  title: serviceFields.title.optional(),
  category: serviceFields.category.optional(),
  price: serviceFields.price.optional(),
})

export const listServicesValidator = vine.create({
  category: vine.string().trim().maxLength(50).optional(),
  active: vine.boolean({ strict: false }).optional(),
  q: vine.string().trim().maxLength(100).optional(),
})

export const importServicesValidator = vine.create({
  csv: vine.string().minLength(1).maxLength(2_000_000),
  /** The import writes only with the user's confirmation of the preview. */
  confirm: vine.boolean().optional(),
})
