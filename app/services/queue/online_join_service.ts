import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import type DailyQueue from '#models/daily_queue'
import type { EntrySource } from '#models/queue_entry'
import { AppException } from '#exceptions/app_exception'
import { queueRulesFor, formatHour, type QueueRules } from '#services/queue/queue_rules'
import {
  countOnlineJoins,
  findOrCreateQueue,
  findQueue,
  isUniqueViolation,
  lockQueue,
  tenantClient,
  tenantTransaction,
} from '#services/queue/queue_numbering'
import { findHolder, issueNumber } from '#services/queue/queue_entries'
import { verifyQueueToken } from '#services/queue/queue_token'
import { phoneOrFail } from '#services/registry/patient_service'
import { publishRegistryEvent } from '#services/registry/registry_events'
import { audit } from '#services/audit_service'

export interface JoinInput {
  token: string
  phone?: string
  telegram_id?: string
  name?: string
}

export type WindowState = 'not_open_yet' | 'open' | 'closed' | 'full'

/** QUE-R5, R8, R9: is the morning window open for this queue right now? */
function windowState(queue: DailyQueue | null, rules: QueueRules, day: string): WindowState {
  if (day > rules.today || rules.now.hour < rules.startHour) {
    return day >= rules.today ? 'not_open_yet' : 'closed'
  }
  if (queue && (queue.openedAt || !queue.active)) return 'closed'
  if (rules.autoClose && rules.now.toFormat('HH:mm') >= rules.autoClose) return 'closed'
  return 'open'
}

function refusal(state: Exclude<WindowState, 'open'>, rules: QueueRules) {
  if (state === 'not_open_yet') {
    return new AppException('QUEUE_NOT_OPEN_YET', 409, { opens_at: formatHour(rules.startHour) })
  }
  if (state === 'full') return new AppException('QUEUE_FULL', 409)
  return new AppException('QUEUE_CLOSED', 409)
}

/** The token's specialist, or TOKEN_INVALID when the token is stale or names nobody here. */
async function resolveToken(token: string) {
  const payload = verifyQueueToken(token)
  const doctor = await Doctor.query().where('id', payload.doctorId).where('active', true).first()
  if (!doctor || doctor.branchId !== payload.branchId) throw new AppException('TOKEN_INVALID', 404)
  const rules = await queueRulesFor(doctor)
  if (payload.day < rules.today) throw new AppException('TOKEN_INVALID', 404)
  return { doctor, rules, day: payload.day }
}

/**
 * The morning online queue (spec §2): a phone or a Telegram chat gets one
 * number per daily queue, from the specialty's start number, inside the
 * window and the day's limit. The number is issued under the queue's lock,
 * so parallel joins never share a number and a phone never holds two.
 */
class OnlineJoinService {
  async join(input: JoinInput, source: EntrySource = 'online', ctx?: HttpContext) {
    const { doctor, rules, day } = await resolveToken(input.token)
    const phone = await phoneOrFail(input.phone, doctor.branchId)
    const telegramId = input.telegram_id ?? null
    const queue = await findOrCreateQueue(doctor, day)

    const attempt = () =>
      tenantTransaction(async (trx) => {
        const locked = await lockQueue(trx, queue.id)
        /* A holder always recovers the number, whatever the window says (QUE-R6). */
        const held = await findHolder(trx, locked.id, { phone, telegramId })
        if (held) return { entry: held, duplicate: true }

        const state = windowState(locked, rules, day)
        if (state !== 'open') throw refusal(state, rules)
        if ((await countOnlineJoins(trx, locked.id)) >= rules.maxPerDay) {
          throw refusal('full', rules)
        }
        const entry = await issueNumber(trx, locked, {
          source,
          from: rules.startNumber,
          phone,
          telegramId,
          patientName: input.name || null,
        })
        return { entry, duplicate: false }
      })

    let result
    try {
      result = await attempt()
    } catch (error) {
      /* Only a writer outside the lock can collide; the retry then finds the holder. */
      if (!isUniqueViolation(error)) throw error
      result = await attempt()
    }

    if (!result.duplicate) {
      const { entry } = result
      await audit(
        {
          event: 'queue.joined',
          entityType: 'queue_entry',
          entityId: entry.id,
          after: {
            number: entry.number,
            source,
            queue_id: entry.queueId,
            phone,
            telegram_id: telegramId,
          },
        },
        ctx
      )
      const base = {
        branch_id: doctor.branchId,
        queue_id: entry.queueId,
        day,
        specialist_id: doctor.id,
        entry_id: entry.id,
        number: entry.number,
        source,
      }
      await publishRegistryEvent('queue.created', base)
      await publishRegistryEvent('queue.number_assigned', base)
    }
    return {
      number: result.entry.number,
      duplicate: result.duplicate,
      day,
      specialist: doctor.toSpecialist(),
      entry_id: result.entry.id,
    }
  }

  /** What the QR page shows before a join: the state of the window and who it is for. */
  async status(token: string) {
    const { doctor, rules, day } = await resolveToken(token)
    const queue = await findQueue(doctor.id, day)
    let state = windowState(queue, rules, day)
    if (state === 'open' && queue) {
      const used = await countOnlineJoins(tenantClient(), queue.id)
      if (used >= rules.maxPerDay) state = 'full'
    }
    return { state, opens_at: formatHour(rules.startHour), day, specialist: doctor.toSpecialist() }
  }
}

export default new OnlineJoinService()
