import { defineJob } from '#services/jobs/job_definition'
import { rollVisitDays } from '#services/registry/day_rollover'

/** Queued for every active tenant by the scheduler (start/scheduler.ts). */
export const visitDayRolloverJob = defineJob<{ tenantId: number }>({
  name: 'visits.day_rollover',
  scope: 'tenant',
  attempts: 1,
  async handle() {
    await rollVisitDays()
  },
})
