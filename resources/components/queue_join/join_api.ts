/**
 * The QR page's calls to the public queue API. Same-origin cookies go along,
 * so writes carry X-XSRF-TOKEN (the decoded XSRF-TOKEN cookie) as the server
 * requires for cookie-carrying API calls; answers follow the page's language.
 */
export interface JoinStatus {
  state: 'not_open_yet' | 'open' | 'closed' | 'full'
  opens_at: string
  day: string
  specialist: { id: number; name: string; specialty: string; cabinet: string | null }
}

export interface JoinAnswer {
  number: number
  /** "T-12": the number with its queue's letter. */
  ticket: string
  duplicate: boolean
  day: string
  specialist: JoinStatus['specialist']
}

export class JoinError extends Error {
  constructor(
    /** 0 when the request never reached the server. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly fields: { field: string; message: string }[] = [],
    /** Seconds, from Retry-After on 429. */
    readonly retryAfter: number | null = null
  ) {
    super(message)
    this.name = 'JoinError'
  }
}

function xsrfToken(): string | null {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/)
  if (!match) return null
  try {
    return decodeURIComponent(match[1])
  } catch {
    return match[1]
  }
}

async function request<T>(
  method: 'GET' | 'POST',
  url: string,
  locale: string,
  body?: object
): Promise<T> {
  const headers: Record<string, string> = {
    'Accept': 'application/json',
    'Accept-Language': locale,
  }
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json'
    const token = xsrfToken()
    if (token) headers['X-XSRF-TOKEN'] = token
  }
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body ? JSON.stringify(body) : undefined,
    })
  } catch {
    throw new JoinError(0, 'NETWORK', 'network')
  }
  const payload = await response.json().catch(() => null)
  if (response.ok) return payload as T
  const retry = Number(response.headers.get('retry-after'))
  if (response.status === 422 && Array.isArray(payload?.errors)) {
    throw new JoinError(
      422,
      'VALIDATION_FAILED',
      payload.errors[0]?.message ?? '',
      {},
      payload.errors
    )
  }
  const { code = 'ERROR', message = '', ...details } = payload?.error ?? {}
  throw new JoinError(
    response.status,
    code,
    message,
    details,
    [],
    Number.isFinite(retry) && retry > 0 ? retry : null
  )
}

export const fetchJoinStatus = (token: string, locale: string) =>
  request<JoinStatus>('GET', `/api/queue/join-status?token=${encodeURIComponent(token)}`, locale)

export const joinQueue = (input: { token: string; phone: string; name?: string }, locale: string) =>
  request<JoinAnswer>('POST', '/api/queue/join', locale, input)
