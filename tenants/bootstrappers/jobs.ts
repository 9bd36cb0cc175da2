import type Tenant from '#tenants/models/tenant'
import jobQueue from '#services/jobs/job_queue'

/**
 * Dispatches jobs for one tenant: the payload always carries `tenantId`, and
 * the worker re-enters that tenant before the job runs.
 */
export class TenantJobs {
  constructor(readonly tenantId: number) {}

  dispatch(jobName: string, payload: Record<string, unknown> = {}) {
    return jobQueue.dispatch(jobName, { ...payload, tenantId: this.tenantId })
  }
}

export function bootstrapJobs(tenant: Tenant) {
  return new TenantJobs(tenant.id)
}
