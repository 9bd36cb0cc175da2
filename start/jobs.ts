/*
| Jobs of the host application. Plugins register theirs from their boot hook.
*/
import jobQueue from '#services/jobs/job_queue'
import { writeAuditEntryJob } from '#jobs/write_audit_entry_job'
import { visitDayRolloverJob } from '#jobs/visit_day_rollover_job'
import { paymentsPollJob } from '#jobs/payments_poll_job'

jobQueue.register(writeAuditEntryJob)
jobQueue.register(visitDayRolloverJob)
jobQueue.register(paymentsPollJob)
