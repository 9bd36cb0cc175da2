import vine from '@vinejs/vine'

export const loginValidator = vine.create({
  login: vine.string().trim().minLength(1).maxLength(60),
  password: vine.string().minLength(1).maxLength(200),
})
