import vine from '@vinejs/vine'

export const roleValidator = vine.create({
  name: vine
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,59}$/),
  title: vine.string().trim().maxLength(200).optional(),
  permissions: vine.array(vine.string().trim()).distinct(),
})
