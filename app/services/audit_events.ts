import { VISIT_STATUSES } from '#models/visit'
import { PAYMENT_STATES } from '#models/payment'

/** Moves of a queue ticket, each its own event (`queue.call`, `queue.skip`, …). */
const QUEUE_ACTIONS = ['call', 'recall', 'skip', 'freeze', 'return', 'start', 'finish'] as const

/**
 * Every event name the app writes to the audit log. `audit()` accepts only
 * these, and the Logs page shows each in the user's language
 * (resources/lang/<locale>/admin_audit.json, `events.<name>`).
 */
export const AUDIT_EVENTS = [
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.login_refused_inactive',
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.password_reset',
  'user.2fa_enabled',
  'user.2fa_disabled',
  'user.2fa_reset',
  'role.created',
  'role.updated',
  'branch.created',
  'branch.updated',
  'settings.updated',
  'clinic.logo_updated',
  'clinic.logo_removed',
  'plugin.enabled',
  'plugin.updated',
  'plugin.disabled',
  'doctor.created',
  'doctor.updated',
  'doctor.deleted',
  'doctor.photo_updated',
  'schedule.updated',
  'service.created',
  'service.updated',
  'service.deleted',
  'service.imported',
  'expense.created',
  'expense.updated',
  'expense.deleted',
  'payroll.calculated',
  'payroll.recalculated',
  'payroll.paid',
  'payroll.reopened',
  'payroll.deleted',
  'workstation.created',
  'workstation.updated',
  'workstation.deleted',
  'board.created',
  'board.updated',
  'board.deleted',
  'board.key_rotated',
  'board.media_added',
  'board.media_updated',
  'board.media_removed',
  'patient.created',
  'visit.created',
  'visit.rescheduled',
  'visit.auto_canceled',
  ...VISIT_STATUSES.map((status) => `visit.${status}` as const),
  'booking.closed',
  'booking.reopened',
  'queue.opened',
  'queue.joined',
  'queue.transferred',
  'queue.poster_printed',
  ...QUEUE_ACTIONS.map((action) => `queue.${action}` as const),
  'ticket.printed',
  'ticket.print_failed',
  'receipt.printed',
  'receipt.print_failed',
  'registry.exported',
  'payment.attached',
  'payment.needs_review',
  'payment.refund',
  ...PAYMENT_STATES.map((state) => `payment.${state}` as const),
] as const

export type AuditEvent = (typeof AUDIT_EVENTS)[number]

/** What an audit row is about (`entity_type`), translated at `entities.<type>`. */
export const AUDIT_ENTITY_TYPES = [
  'tenant',
  'branch',
  'user',
  'role',
  'plugin',
  'doctor',
  'service',
  'expense',
  'payroll',
  'workstation',
  'board',
  'patient',
  'visit',
  'daily_queue',
  'queue_entry',
  'registry',
  'payment',
] as const

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number]
