import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import DailyQueue from '#models/daily_queue'
import type { EntrySource } from '#models/queue_entry'
import { AppException } from '#exceptions/app_exception'
import { queueRulesFor, formatHour, windowState } from '#services/queue/queue_rules'
import {
  countOnlineJoins,
  findOrCreateQueue,
  findQueue,
  tenantClient,
} from '#services/queue/queue_numbering'
import onlineJoinBatches from '#services/queue/online_join_batch'
import { queueTokenExpired, verifyQueueToken } from '#services/queue/queue_token'
import { phoneInOrFail } from '#services/registry/patient_service'
import { publishRegistryEvent } from '#services/registry/registry_events'
import { auditSourceOf } from '#services/audit_service'

export interface JoinInput {
  token: string
  phone?: string
  telegram_id?: string
  name?: string
}

/**
 * The token's specialist and the id of their queue of the token's day (null
 * before its first number), in one read; TOKEN_INVALID when the token names
 * nobody here, TOKEN_EXPIRED when its day is over.
 */
async function resolveToken(token: string) {
  const payload = verifyQueueToken(token)
  const doctor = await Doctor.query()
    .where('id', payload.doctorId)
    .where('active', true)
    .select(
      'doctors.*',
      DailyQueue.query()
        .select('id')
        .where('doctor_id', payload.doctorId)
        .where('day', payload.day)
        .as('queue_id')
    )
    .first()
  if (!doctor || doctor.branchId !== payload.branchId) throw new AppException('TOKEN_INVALID', 404)
  const rules = await queueRulesFor(doctor)
  if (payload.day < rules.today) throw queueTokenExpired(payload.day)
  const queueId = (doctor.$extras.queue_id as number | null) ?? null
  return { doctor, rules, day: payload.day, queueId }
}

/**
 * The morning online queue (spec §2): a phone or a Telegram chat gets one
 * number per daily queue, from the specialty's start number, inside the
 * window and the day's limit. The number is issued under the queue's lock
 * (in batches of the joins waiting for it, `online_join_batch.ts`), so
 * parallel joins never share a number and a phone never holds two.
 */
class OnlineJoinService {
  async join(input: JoinInput, source: EntrySource = 'online', ctx?: HttpContext) {
    const { doctor, rules, day, queueId } = await resolveToken(input.token)
    const phone = phoneInOrFail(input.phone, rules.phoneCountry)
    const telegramId = input.telegram_id ?? null
    const result = await onlineJoinBatches.join({
      queueId: queueId ?? (await findOrCreateQueue(doctor, day)).id,
      day,
      rules,
      source,
      phone,
      telegramId,
      patientName: input.name || null,
      auditSource: auditSourceOf(ctx),
    })

    if (!result.duplicate) {
      const { entry } = result
      const base = {
        branch_id: doctor.branchId,
        queue_id: entry.queueId,
        day,
        specialist_id: doctor.id,
        entry_id: entry.id,
        number: entry.number,
        ticket: entry.ticket,
        source,
      }
      await publishRegistryEvent('queue.created', base)
      await publishRegistryEvent('queue.number_assigned', base)
    }
    return {
      number: result.entry.number,
      ticket: result.entry.ticket,
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
