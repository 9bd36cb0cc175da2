import transmit from '@adonisjs/transmit/services/main'
import Board from '#models/board'
import Doctor from '#models/doctor'
import QueueEntry from '#models/queue_entry'
import type { RegistryEvent } from '#services/registry/registry_events'
import boardState from '#services/board/board_state'
import {
  boardChannel,
  doctorQueueChannel,
  paymentsChannel,
  registryChannel,
} from '#services/board/board_channels'
import { currentTenantOrFail } from '#tenants/context'

const BOARD_CACHE_MS = 5000

/** Registry events that change what a board shows (spec §6.5). */
const BOARD_EVENTS = new Set<RegistryEvent['event']>([
  'queue.created',
  'queue.number_assigned',
  'queue.called',
  'queue.closed',
  'visit.status_changed',
  /* A ticket skipped, frozen or transferred leaves the screen; a corrected visit or card changes it. */
  'queue.entry_status_changed',
  'visit.updated',
  'patient.updated',
])

/**
 * Forwards every registry event (decision 7) to the screens that show it:
 * the branch's registry screens and the doctor's queue panel get the event
 * as is (staff only); each board of the branch showing that doctor gets a
 * message cut to its privacy mode: CALL_PATIENT for a call, QUEUE_UPDATE
 * otherwise. Payment changes also reach the branch's cash desks. With the
 * Redis transport the broadcast reaches every instance.
 */
class LiveEvents {
  /** Active boards per tenant and branch, kept briefly: a morning burst of joins reads them once. */
  #boards = new Map<string, { until: number; boards: Promise<Board[]> }>()

  async publish(event: RegistryEvent) {
    const payload = { ...event } as unknown as Record<string, any>
    transmit.broadcast(registryChannel(event.branch_id), payload)
    if (event.specialist_id) transmit.broadcast(doctorQueueChannel(event.specialist_id), payload)
    if (event.event === 'payment.status_changed') {
      transmit.broadcast(paymentsChannel(event.branch_id), payload)
    }
    if (BOARD_EVENTS.has(event.event)) await this.#toBoards(event)
  }

  /** ANNOUNCEMENT_UPDATE: the board's settings or media changed; it re-fetches its state. */
  boardChanged(board: Board) {
    this.#boards.delete(this.#cacheKey(board.branchId))
    transmit.broadcast(boardChannel(board.id), {
      type: 'ANNOUNCEMENT_UPDATE',
      event: 'board.updated',
      ts: new Date().toISOString(),
    })
  }

  async #toBoards(event: RegistryEvent) {
    const boards = (await this.#boardsOf(event.branch_id)).filter(
      (board) => !event.specialist_id || board.shows(event.specialist_id)
    )
    if (!boards.length) return

    const call = event.event === 'queue.called' && event.entry_id
    const [entry, doctor] = call
      ? await Promise.all([QueueEntry.find(event.entry_id!), Doctor.find(event.specialist_id!)])
      : [null, null]

    for (const board of boards) {
      const base = {
        event: event.event,
        ts: event.ts,
        specialist_id: event.specialist_id ?? null,
        number: event.number ?? null,
        ticket: event.ticket ?? (event.number ? String(event.number) : null),
      }
      const message =
        entry && doctor
          ? { ...base, type: 'CALL_PATIENT', ...boardState.call(entry, doctor, board) }
          : { ...base, type: 'QUEUE_UPDATE', status: event.new_status ?? null }
      transmit.broadcast(boardChannel(board.id), message)
    }
  }

  /** Another instance's admin change shows here within BOARD_CACHE_MS at worst. */
  #boardsOf(branchId: number) {
    const key = this.#cacheKey(branchId)
    const cached = this.#boards.get(key)
    if (cached && cached.until > Date.now()) return cached.boards
    const boards = Board.query().where('branch_id', branchId).where('active', true).exec()
    this.#boards.set(key, { until: Date.now() + BOARD_CACHE_MS, boards })
    boards.catch(() => this.#boards.delete(key))
    return boards
  }

  #cacheKey(branchId: number) {
    return `${currentTenantOrFail().tenant.id}:${branchId}`
  }
}

export default new LiveEvents()
