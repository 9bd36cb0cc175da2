/*
| Jobs of the host application. Plugins register theirs from their boot hook.
*/
import jobQueue from '#services/jobs/job_queue'
import { writeAuditEntryJob } from '#jobs/write_audit_entry_job'

jobQueue.register(writeAuditEntryJob)
