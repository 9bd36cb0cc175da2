import transmit from '@adonisjs/transmit/services/main'
import Board from '#models/board'
import Doctor from '#models/doctor'
import QueueEntry from '#models/queue_entry'
import type { RegistryEvent } from '#services/registry/registry_events'
import boardState from '#services/board/board_state'
import { boardChannel, doctorQueueChannel, registryChannel } from '#services/board/board_channels'
import { ticketOf } from '#services/board/privacy'

/** Registry events that change what a board shows (spec §6.5). */
const BOARD_EVENTS = new Set<RegistryEvent['event']>([
  'queue.created',
  'queue.number_assigned',
  'queue.called',
  'queue.closed',
  'visit.status_changed',
])

/**
 * Forwards every registry event (decision 7) to the screens that show it:
 * the branch's registry screens and the doctor's queue panel get the event
 * as is (staff only); each board of the branch showing that doctor gets a
 * message cut to its privacy mode: CALL_PATIENT for a call, QUEUE_UPDATE
 * otherwise. With the Redis transport the broadcast reaches every instance.
 */
class LiveEvents {
  async publish(event: RegistryEvent) {
    const payload = { ...event } as unknown as Record<string, any>
    transmit.broadcast(registryChannel(event.branch_id), payload)
    if (event.specialist_id) transmit.broadcast(doctorQueueChannel(event.specialist_id), payload)
    if (BOARD_EVENTS.has(event.event)) await this.#toBoards(event)
  }

  /** ANNOUNCEMENT_UPDATE: the board's settings or media changed; it re-fetches its state. */
  boardChanged(board: Board) {
    transmit.broadcast(boardChannel(board.id), {
      type: 'ANNOUNCEMENT_UPDATE',
      event: 'board.updated',
      ts: new Date().toISOString(),
    })
  }

  async #toBoards(event: RegistryEvent) {
    const boards = (
      await Board.query().where('branch_id', event.branch_id).where('active', true)
    ).filter((board) => !event.specialist_id || board.shows(event.specialist_id))
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
        ticket: event.number ? ticketOf(event.number) : null,
      }
      const message =
        entry && doctor
          ? { ...base, type: 'CALL_PATIENT', ...boardState.call(entry, doctor, board) }
          : { ...base, type: 'QUEUE_UPDATE', status: event.new_status ?? null }
      transmit.broadcast(boardChannel(board.id), message)
    }
  }
}

export default new LiveEvents()
