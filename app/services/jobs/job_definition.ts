/**
 * A background job. `scope: 'tenant'` jobs run inside the tenant whose id the
 * payload carries; a tenant job queued without `tenantId` is refused.
 */
export interface JobDefinition<Payload extends Record<string, any> = Record<string, any>> {
  name: string
  scope: 'tenant' | 'platform'
  /** Tries before the job is given up (default 3). */
  attempts?: number
  handle(payload: Payload): Promise<void> | void
}

export function defineJob<Payload extends Record<string, any>>(definition: JobDefinition<Payload>) {
  return definition
}

export interface JobDriver {
  dispatch(name: string, payload: Record<string, any>, attempts: number): Promise<string>
  /** Resolves when every job dispatched so far has finished (tests, shutdown). */
  drain(): Promise<void>
  close(): Promise<void>
}
