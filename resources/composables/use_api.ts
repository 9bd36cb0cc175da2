/**
 * A small JSON client for the staff API, called with the panel's session:
 * same-origin cookies, the UI language in Accept-Language, and the
 * X-XSRF-TOKEN header on writes (the server enforces CSRF on
 * cookie-authenticated API calls). Errors become an ApiError:
 * `{error: {code, message, …details}}` and 422 `{errors: [{field, rule, message}]}`.
 */

export interface FieldError {
  field: string
  rule: string
  message: string
}

export type Query = Record<string, string | number | boolean | null | undefined>

export class ApiError extends Error {
  /** HTTP status; 0 when the request never reached the server. */
  readonly status: number
  /** The stable error code (`VISIT_EXISTS`, `VALIDATION`, `NETWORK` …). */
  readonly code: string
  /** The other keys of the `error` object (visit_id, number …). */
  readonly details: Record<string, unknown>
  /** 422 field errors. */
  readonly fields: FieldError[]

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    fields: FieldError[] = []
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
    this.fields = fields
  }

  /** Field errors as `{field: message}` (the first message of each field). */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {}
    for (const error of this.fields) map[error.field] ??= error.message
    return map
  }

  detail<T = unknown>(key: string): T | undefined {
    return this.details[key] as T | undefined
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

/** The value of a cookie, decoded, or null. */
export function readCookie(name: string): string | null {
  const prefix = `${name}=`
  for (const part of document.cookie.split(';')) {
    const item = part.trim()
    if (item.startsWith(prefix)) {
      try {
        return decodeURIComponent(item.slice(prefix.length))
      } catch {
        return item.slice(prefix.length)
      }
    }
  }
  return null
}

/** The UI language (app.ts keeps <html lang> in step with vue-i18n). */
export function uiLocale() {
  return document.documentElement.lang || 'ru'
}

/** `/api/registry` + `{date: '2026-11-22', q: ''}` → `/api/registry?date=2026-11-22` (empty values dropped). */
export function withQuery(path: string, query?: Query) {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** The answer is a file (a PDF): resolve with its Blob; errors stay JSON. */
  blob?: boolean
  /** A multipart body (file uploads) instead of JSON. */
  form?: FormData
}

async function parseBody(response: Response): Promise<any> {
  const text = await response.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function toError(status: number, payload: any, fallback: string): ApiError {
  if (payload && Array.isArray(payload.errors)) {
    const fields: FieldError[] = payload.errors.map((error: any) => ({
      field: String(error.field ?? ''),
      rule: String(error.rule ?? ''),
      message: String(error.message ?? ''),
    }))
    return new ApiError(status, 'VALIDATION', fields[0]?.message || fallback, {}, fields)
  }
  if (payload && payload.error && typeof payload.error === 'object') {
    const { code, message, ...details } = payload.error
    return new ApiError(
      status,
      String(code ?? `HTTP_${status}`),
      String(message ?? fallback),
      details
    )
  }
  if (payload && typeof payload.message === 'string') {
    return new ApiError(status, String(payload.code ?? `HTTP_${status}`), payload.message)
  }
  return new ApiError(status, `HTTP_${status}`, fallback)
}

export async function apiRequest<T = unknown>(
  method: string,
  path: string,
  options: RequestOptions = {}
): Promise<T> {
  const headers: Record<string, string> = {
    'Accept': 'application/json',
    'Accept-Language': uiLocale(),
    'X-Requested-With': 'XMLHttpRequest',
  }
  const upper = method.toUpperCase()
  if (upper !== 'GET' && upper !== 'HEAD') {
    const token = readCookie('XSRF-TOKEN')
    if (token) headers['X-XSRF-TOKEN'] = token
  }
  let body: string | FormData | undefined
  if (options.form) {
    body = options.form
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }

  let response: Response
  try {
    response = await fetch(withQuery(path, options.query), {
      method: upper,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error
    throw new ApiError(0, 'NETWORK', (error as Error)?.message || 'Network error')
  }

  if (response.ok && options.blob) return (await response.blob()) as T
  const payload = await parseBody(response)
  if (!response.ok)
    throw toError(response.status, payload, response.statusText || `HTTP ${response.status}`)
  return payload as T
}

export const api = {
  get: <T = unknown>(path: string, query?: Query, signal?: AbortSignal) =>
    apiRequest<T>('GET', path, { query, signal }),
  post: <T = unknown>(path: string, body?: unknown, query?: Query) =>
    apiRequest<T>('POST', path, { body: body ?? {}, query }),
  /** A POST answered with a file (a PDF preview). */
  postForFile: (path: string, body?: unknown) =>
    apiRequest<Blob>('POST', path, { body: body ?? {}, blob: true }),
  patch: <T = unknown>(path: string, body?: unknown) =>
    apiRequest<T>('PATCH', path, { body: body ?? {} }),
  put: <T = unknown>(path: string, body?: unknown) =>
    apiRequest<T>('PUT', path, { body: body ?? {} }),
  delete: <T = unknown>(path: string) => apiRequest<T>('DELETE', path),
  /** POSTs one file as the multipart field `field`, with the session and CSRF header of the JSON calls. */
  upload: <T = unknown>(path: string, field: string, file: File) => {
    const form = new FormData()
    form.append(field, file)
    return apiRequest<T>('POST', path, { form })
  },
}

/** The client for components: `const api = useApi()`. */
export function useApi() {
  return api
}
