import vine from '@vinejs/vine'

export const createUserValidator = vine.create({
  login: vine
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9._-]{3,60}$/),
  password: vine.string().minLength(8).maxLength(200),
  roles: vine.array(vine.string().trim()).minLength(1).distinct(),
  full_name: vine.string().trim().maxLength(200).optional(),
  doctor_id: vine.number().withoutDecimals().positive().optional(),
  locale: vine.enum(['ru', 'uz', 'en']).optional(),
})
