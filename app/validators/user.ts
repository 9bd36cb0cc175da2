import vine from '@vinejs/vine'
import { recordId } from '#validators/rules/common'

/** Passwords people reach for first; refused whatever their length. */
const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  'password',
  'password1',
  'qwerty123',
  'qwertyui',
  '11111111',
  '00000000',
  'admin123',
  'parol123',
  'iloveyou',
])

/**
 * A password of 8+ characters with a letter and a digit, not a common one.
 * The login is compared in the service (the rule cannot see other fields of a
 * PUT without the login).
 */
export const strongPassword = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const weak =
    !/[A-Za-zА-Яа-яЁё]/.test(value) ||
    !/\d/.test(value) ||
    COMMON_PASSWORDS.has(value.toLowerCase())
  if (weak) field.report('The password is too easy to guess', 'weakPassword', field)
})

const password = () => vine.string().minLength(8).maxLength(200).use(strongPassword())
const roles = () => vine.array(vine.string().trim()).minLength(1).distinct()
const locale = () => vine.enum(['ru', 'uz', 'en'])

export const createUserValidator = vine.create({
  login: vine
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9._-]{3,60}$/),
  password: password(),
  roles: roles(),
  full_name: vine.string().trim().maxLength(200).optional(),
  doctor_id: recordId().optional(),
  /** The branch the user works in (sees and acts on its resources only); none: every branch. */
  branch_id: recordId().nullable().optional(),
  locale: locale().optional(),
})

export const updateUserValidator = vine.create({
  full_name: vine.string().trim().maxLength(200).nullable().optional(),
  roles: roles().optional(),
  doctor_id: recordId().nullable().optional(),
  branch_id: recordId().nullable().optional(),
  is_active: vine.boolean().optional(),
  locale: locale().nullable().optional(),
})

export const resetPasswordValidator = vine.create({ password: password() })

export const listUsersValidator = vine.create({
  role: vine.string().trim().maxLength(60).optional(),
  active: vine.boolean({ strict: false }).optional(),
  q: vine.string().trim().maxLength(100).optional(),
})
