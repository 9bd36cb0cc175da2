/*
| Periodic work of the web process: every few minutes each active tenant gets
| a `visits.day_rollover` job (no-shows at the end of a day, confirmed visits
| entering the live queue). The job is idempotent, so several app instances
| dispatching it is harmless.
*/
import logger from '@adonisjs/core/services/logger'
import Tenant from '#tenants/models/tenant'
import jobQueue from '#services/jobs/job_queue'

const EVERY_MS = 5 * 60 * 1000

async function dispatchRollovers() {
  try {
    const tenants = await Tenant.query().where('status', 'active').select('id')
    for (const tenant of tenants) {
      await jobQueue.dispatch('visits.day_rollover', { tenantId: tenant.id })
    }
  } catch (error) {
    logger.error({ err: error }, 'could not schedule the day rollover')
  }
}

/** PAY-R9: pending online payments without a webhook are asked about every 30 s. */
async function dispatchPaymentPolls() {
  try {
    const tenants = await Tenant.query().where('status', 'active').select('id')
    for (const tenant of tenants) {
      await jobQueue.dispatch('payments.poll_pending', { tenantId: tenant.id })
    }
  } catch (error) {
    logger.error({ err: error }, 'could not schedule payment polling')
  }
}

export function startScheduler() {
  const first = setTimeout(dispatchRollovers, 30_000)
  const timer = setInterval(dispatchRollovers, EVERY_MS)
  const polls = setInterval(dispatchPaymentPolls, 30_000)
  first.unref()
  timer.unref()
  polls.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
    clearInterval(polls)
  }
}
