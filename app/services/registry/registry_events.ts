import emitter from '@adonisjs/core/services/emitter'
import { clock } from '#services/clock'
import { currentTenantOrFail } from '#tenants/context'
import type Visit from '#models/visit'
import type QueueEntry from '#models/queue_entry'

/** Decision 7: the registry passport's event names. */
export type RegistryEventName =
  | 'queue.created'
  | 'queue.number_assigned'
  | 'queue.called'
  | 'queue.closed'
  | 'payment.status_changed'
  | 'visit.status_changed'
  /** A ticket skipped, frozen, returned, started, finished or transferred (calling flow). */
  | 'queue.entry_status_changed'
  /** A saved visit corrected: doctor, day, services, type (issue 22 item 12). */
  | 'visit.updated'
  /** A patient's card corrected or merged: the rows showing the patient refresh. */
  | 'patient.updated'

/** Spec §1.5 minimum payload; the board and staff screens read it from the stream. */
export interface RegistryEvent {
  event: RegistryEventName
  tenant_id: number
  branch_id: number
  queue_id?: number | null
  day?: string
  specialist_id?: number
  entry_id?: number | null
  visit_id?: number | null
  patient_id?: number | null
  number?: number | null
  /** The ticket as shown and called: "T-12". */
  ticket?: string | null
  source?: string | null
  echo?: boolean
  old_status?: string | null
  new_status?: string | null
  actor_id?: number | null
  ts: string
}

declare module '@adonisjs/core/types' {
  interface EventsList {
    'registry:event': RegistryEvent
  }
}

/**
 * Publishes a registry event of the current tenant. Listeners (the real-time
 * stream, notifications) subscribe to `registry:event`; a failing listener never
 * undoes the change that raised it.
 */
export async function publishRegistryEvent(
  event: RegistryEventName,
  payload: Omit<RegistryEvent, 'event' | 'tenant_id' | 'ts'>
) {
  const full: RegistryEvent = {
    event,
    tenant_id: currentTenantOrFail().tenant.id,
    ...payload,
    ts: clock.now().toISO()!,
  }
  try {
    await emitter.emit('registry:event', full)
  } catch {
    /* listeners report their own failures */
  }
  return full
}

/** The fields every event about a visit carries: the visit, its ticket (if any) and who acted. */
export function visitEventFields(
  visit: Visit,
  entry: QueueEntry | null,
  actorId: number | null = null
) {
  return {
    branch_id: visit.branchId,
    queue_id: entry?.queueId ?? null,
    day: visit.date,
    specialist_id: visit.doctorId,
    entry_id: entry?.id ?? null,
    visit_id: visit.id,
    number: entry?.number ?? null,
    ticket: entry?.ticket ?? null,
    source: entry?.source ?? visit.source,
    echo: visit.echo,
    actor_id: actorId,
  }
}
