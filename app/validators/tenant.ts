import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import type { ProvisionInput } from '#tenants/provisioning'
import { timezoneRule } from '#validators/rules/timezone'

const RESERVED_SLUGS = ['www', 'api', 'admin', 'platform', 'app', 'mail', 'static', 'assets']

export const createTenantValidator = vine.create({
  slug: vine
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)
    .notIn(RESERVED_SLUGS),
  name: vine.string().trim().minLength(2).maxLength(200),
  admin_login: vine
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9._-]{3,60}$/),
  admin_password: vine.string().minLength(8).maxLength(200),
  timezone: vine.string().trim().use(timezoneRule()).optional(),
  locale: vine.enum(['ru', 'uz', 'en']).optional(),
})

/** The provisioning input of a validated `createTenantValidator` payload. */
export function toProvisionInput(input: Infer<typeof createTenantValidator>): ProvisionInput {
  return {
    slug: input.slug,
    name: input.name,
    adminLogin: input.admin_login,
    adminPassword: input.admin_password,
    timezone: input.timezone,
    locale: input.locale,
  }
}
