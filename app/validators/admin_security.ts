import vine from '@vinejs/vine'

export const twoFactorCodeValidator = vine.create({
  code: vine
    .string()
    .trim()
    .regex(/^\d{3}\s?\d{3}$/),
})
