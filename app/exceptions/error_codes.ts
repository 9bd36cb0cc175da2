import { errors as vineErrors } from '@vinejs/vine'
import { FieldErrors } from '#exceptions/field_errors'

/**
 * Framework error codes mapped to the stable codes of the API contract.
 * Anything not listed keeps its own code (ours are already stable).
 */
const FRAMEWORK_CODES: Record<string, string> = {
  E_UNAUTHORIZED_ACCESS: 'UNAUTHORIZED',
  E_INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  E_AUTHORIZATION_FAILURE: 'FORBIDDEN',
  E_ROUTE_NOT_FOUND: 'NOT_FOUND',
  E_ROW_NOT_FOUND: 'NOT_FOUND',
  E_TOO_MANY_REQUESTS: 'RATE_LIMITED',
  E_BAD_CSRF_TOKEN: 'CSRF_MISMATCH',
  E_HTTP_REQUEST_ABORTED: 'BAD_REQUEST',
  E_REQUEST_ENTITY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
}

/** Our own 5xx codes a client may act on (another system failed, not this one). */
const OWN_SERVER_CODES = new Set(['PAYMENT_PROVIDER_ERROR', 'REFUND_PROVIDER_ERROR'])

/** Driver errors meaning "this tenant's database cannot be reached". */
const UNREACHABLE_DATABASE = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'ER_BAD_DB_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
])

function isUnreachableDatabase(error: unknown) {
  const e = error as { code?: string; name?: string; message?: string }
  return (
    (!!e?.code && UNREACHABLE_DATABASE.has(e.code)) ||
    e?.name === 'KnexTimeoutError' ||
    /Cannot open database|unable to open database/i.test(e?.message ?? '')
  )
}

export interface NormalizedError {
  status: number
  code: string
  details: Record<string, unknown>
  isValidation: boolean
}

export function normalizeError(error: unknown): NormalizedError {
  const e = error as { status?: number; code?: string; details?: Record<string, unknown> }
  if (error instanceof vineErrors.E_VALIDATION_ERROR || error instanceof FieldErrors) {
    return { status: 422, code: 'VALIDATION_FAILED', details: {}, isValidation: true }
  }
  if (isUnreachableDatabase(error)) {
    return { status: 503, code: 'TENANT_UNAVAILABLE', details: {}, isValidation: false }
  }
  const status = typeof e?.status === 'number' && e.status >= 400 ? e.status : 500
  const code =
    (e?.code && FRAMEWORK_CODES[e.code]) ||
    (status >= 500 && !OWN_SERVER_CODES.has(e?.code ?? '') ? 'SERVER_ERROR' : e?.code) ||
    /* A framework refusal without a code (the body parser's "JSON must be an object or array"). */
    (status < 500 ? 'BAD_REQUEST' : 'ERROR')
  return { status, code, details: e?.details ?? {}, isValidation: false }
}
