import { Exception } from '@adonisjs/core/exceptions'

/**
 * Errors of the tenancy kernel. Their `code` is the stable machine code of the
 * API contract; the message is translated from `errors.<code>`.
 */
export class UnknownTenantException extends Exception {
  static status = 404
  static code = 'TENANT_NOT_FOUND'
}

export class TenantSuspendedException extends Exception {
  static status = 423
  static code = 'TENANT_SUSPENDED'
}

export class InvalidHostException extends Exception {
  static status = 400
  static code = 'INVALID_HOST'
}

export class TenantUnavailableException extends Exception {
  static status = 503
  static code = 'TENANT_UNAVAILABLE'
}
