import type { DateTime } from 'luxon'
import type Board from '#models/board'
import BoardMedia from '#models/board_media'
import Doctor from '#models/doctor'
import DailyQueue from '#models/daily_queue'
import QueueEntry from '#models/queue_entry'
import settingsService from '#services/settings/settings_service'
import { clock } from '#services/clock'
import { branchNow } from '#services/local_time'
import { boardChannel } from '#services/board/board_channels'
import { boardPatientName } from '#services/board/privacy'
import clinicLogo from '#services/settings/clinic_logo'

/** How a ticket in "Next in queue" is coloured (spec §6.6). */
export type BoardTicketStatus = 'in_queue' | 'invited' | 'delayed' | 'in_progress'

/** The entries a board lists: waiting, called and with the doctor. */
const ON_SCREEN = ['waiting', 'called', 'in_progress'] as const

/** A call is "now" while younger than the board's call lifetime (BRD-R2). */
export function isFreshCall(calledAt: DateTime | null, board: Board, now = clock.now()) {
  return !!calledAt && now.diff(calledAt, 'seconds').seconds < board.callSeconds
}

/**
 * GET /api/board/state (contract "Display board"): the snapshot a board shows
 * and re-fetches on every (re)connect, since SSE replays nothing. Names are
 * filtered by the board's privacy mode here, on the server.
 */
class BoardState {
  async snapshot(board: Board, key: string) {
    const now = clock.now()
    const local = await branchNow(board.branchId)
    const day = local.toISODate()!
    const doctors = await this.#doctors(board)
    const queues = doctors.length
      ? await DailyQueue.query()
          .whereIn(
            'doctor_id',
            doctors.map((d) => d.id)
          )
          .where('day', day)
      : []
    const entries = queues.length
      ? await QueueEntry.query()
          .whereIn(
            'queue_id',
            queues.map((q) => q.id)
          )
          .whereIn('status', [...ON_SCREEN])
          .orderBy('number')
      : []
    const doctorOfQueue = new Map(queues.map((q) => [q.id, q.doctorId]))
    const byDoctor = new Map<number, QueueEntry[]>()
    for (const entry of entries) {
      const doctorId = doctorOfQueue.get(entry.queueId)!
      byDoctor.set(doctorId, [...(byDoctor.get(doctorId) ?? []), entry])
    }

    const calls = entries
      .filter((e) => e.status !== 'waiting' && isFreshCall(e.calledAt, board, now))
      .sort((a, b) => b.calledAt!.toMillis() - a.calledAt!.toMillis())
    const doctorById = new Map(doctors.map((d) => [d.id, d]))

    return {
      updated_at: now.toUTC().toISO(),
      server_time: now.toUTC().toISO(),
      channel: boardChannel(board.id),
      day,
      timezone: local.zoneName,
      clinic: {
        name: await settingsService.clinicName(board.branchId),
        logo: await clinicLogo.url(),
      },
      board: this.#settings(board),
      specialists: doctors.map((doctor) => {
        const own = byDoctor.get(doctor.id) ?? []
        const current = calls.find((call) => doctorOfQueue.get(call.queueId) === doctor.id)
        return {
          id: doctor.id,
          name: doctor.fullName,
          specialty: doctor.specialty,
          room: doctor.cabinet,
          photo: doctor.photoPath ? `/display/${key}/doctors/${doctor.id}/photo` : null,
          queue: this.#nextTickets(own, board, now),
          waiting: own.filter((e) => e.status === 'waiting').length,
          current_call: current ? this.call(current, doctor, board, key) : null,
        }
      }),
      calls: calls.map((entry) =>
        this.call(entry, doctorById.get(doctorOfQueue.get(entry.queueId)!)!, board, key)
      ),
      announcements: await this.#announcements(board, key),
    }
  }

  /** The payload of a CALL_PATIENT message and of a "Calls now" card. */
  call(entry: QueueEntry, doctor: Doctor, board: Board, key?: string) {
    return {
      entry_id: entry.id,
      ticket: entry.ticket,
      prefix: entry.ticketPrefix,
      number: entry.number,
      room: doctor.cabinet,
      specialist_id: doctor.id,
      specialist: doctor.fullName,
      specialty: doctor.specialty,
      patient: boardPatientName(entry.patientName, board.privacy),
      doctor_photo: key && doctor.photoPath ? `/display/${key}/doctors/${doctor.id}/photo` : null,
      called_at: entry.calledAt?.toUTC().toISO() ?? null,
    }
  }

  /** BRD-R5: 3-5 tickets per specialist: called ones first (invited, delayed), then waiting by number. */
  #nextTickets(entries: QueueEntry[], board: Board, now: DateTime) {
    const status = (entry: QueueEntry): BoardTicketStatus => {
      if (entry.status === 'in_progress') return 'in_progress'
      if (entry.status === 'waiting') return 'in_queue'
      return isFreshCall(entry.calledAt, board, now) ? 'invited' : 'delayed'
    }
    const rank = { invited: 0, delayed: 1, in_queue: 2, in_progress: 3 }
    return entries
      .filter((entry) => entry.status !== 'in_progress')
      .map((entry) => ({ entry, status: status(entry) }))
      .sort((a, b) => rank[a.status] - rank[b.status] || a.entry.number - b.entry.number)
      .slice(0, board.nextCount)
      .map(({ entry, status: s }) => ({
        ticket: entry.ticket,
        number: entry.number,
        status: s,
      }))
  }

  async #doctors(board: Board) {
    const query = Doctor.query().where('branch_id', board.branchId).where('active', true)
    if (board.specialistIds.length) query.whereIn('id', board.specialistIds)
    return query.orderBy('cabinet').orderBy('full_name')
  }

  #settings(board: Board) {
    return {
      id: board.id,
      name: board.name,
      theme: board.theme,
      privacy: board.privacy,
      next_count: board.nextCount,
      call_seconds: board.callSeconds,
      voice_enabled: board.voiceEnabled,
      voice_lang: board.voiceLang,
      voice_volume: board.voiceVolume,
      chime_enabled: board.chimeEnabled,
      test_mode: board.testMode,
    }
  }

  /** Pinned message, ticker per language, then banners and videos in admin order (BRD-R7/R8). */
  async #announcements(board: Board, key: string) {
    const media = await BoardMedia.query()
      .where('board_id', board.id)
      .orderBy('position')
      .orderBy('id')
    return [
      ...(board.pinnedMessage ? [{ type: 'info', text: board.pinnedMessage }] : []),
      ...(['ru', 'uz', 'en'] as const)
        .filter((lang) => board.ticker[lang])
        .map((lang) => ({ type: 'ticker', text: board.ticker[lang], lang })),
      ...media.map((item) => ({
        type: item.kind === 'video' ? 'video' : 'banner',
        ...(item.kind === 'video'
          ? { src: this.mediaUrl(key, item) }
          : { img: this.mediaUrl(key, item) }),
        duration: item.durationSeconds,
        id: item.id,
      })),
    ]
  }

  mediaUrl(key: string, media: BoardMedia) {
    return `/display/${key}/media/${media.id}`
  }
}

export default new BoardState()
