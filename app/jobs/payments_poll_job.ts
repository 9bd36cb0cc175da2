import { defineJob } from '#services/jobs/job_definition'
import { pollPendingPayments } from '#services/payments/payment_polling'

/** Queued for every active tenant by the scheduler (start/scheduler.ts): PAY-R9. */
export const paymentsPollJob = defineJob<{ tenantId: number }>({
  name: 'payments.poll_pending',
  scope: 'tenant',
  attempts: 1,
  async handle() {
    await pollPendingPayments()
  },
})
