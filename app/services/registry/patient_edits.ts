import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Patient from '#models/patient'
import Visit from '#models/visit'
import QueueEntry from '#models/queue_entry'
import Payment from '#models/payment'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { audit } from '#services/audit_service'
import { clock } from '#services/clock'
import { branchToday } from '#services/local_time'
import { isUniqueViolation, lockedRows, tenantTransaction } from '#services/queue/queue_numbering'
import { phoneOrFail } from '#services/registry/patient_service'
import { searchNameOf, splitFullName } from '#services/registry/person_name'
import { publishRegistryEvent, visitEventFields } from '#services/registry/registry_events'

/** PATCH /api/patients/:id: only the fields sent change; null clears an optional one. */
export interface PatientPatch {
  fio?: string
  last_name?: string
  first_name?: string
  middle_name?: string | null
  birth_date?: string | null
  birth_year?: number | null
  sex?: 'm' | 'f' | null
  phone?: string | null
  address?: string | null
}

/** A card as the correction endpoints answer it. */
export function patientResource(patient: Patient) {
  return {
    id: patient.id,
    full_name: patient.fullName,
    last_name: patient.lastName,
    first_name: patient.firstName,
    middle_name: patient.middleName,
    birth_date: patient.birthDate?.toISODate() ?? null,
    birth_year: patient.birthYear,
    sex: patient.sex,
    phone: patient.phone,
    address: patient.address,
    telegram_id: patient.telegramId,
  }
}

/** The fields of a card the audit compares (REG-T12 before/after). */
const AUDITED = [
  'lastName',
  'firstName',
  'middleName',
  'birthDate',
  'birthYear',
  'sex',
  'phone',
  'address',
  'telegramId',
] as const

function snapshot(patient: Patient) {
  const out: Record<string, unknown> = {}
  for (const key of AUDITED) {
    const value = patient[key]
    out[snakeOf(key)] = value instanceof DateTime ? value.toISODate() : (value ?? null)
  }
  return out
}

const snakeOf = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** The keys whose values differ, with their values before and after. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = Object.keys(after).filter(
    (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)
  )
  return {
    keys,
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  }
}

function lockPatient(trx: TransactionClientContract, id: number) {
  return lockedRows(Patient.query({ client: trx }).where('id', id), trx).first()
}

async function refuseTakenPhone(trx: TransactionClientContract, phone: string, exceptId: number) {
  const holder = await Patient.query({ client: trx })
    .where('phone', phone)
    .whereNot('id', exceptId)
    .first()
  if (holder) {
    throw new AppException('PATIENT_EXISTS', 409, {
      patient_id: holder.id,
      patient_name: holder.fullName,
    })
  }
}

/**
 * Issue 22 item 12: correcting a saved card (a typo in the name, a new
 * phone, the birth year) and merging two cards of one person. Each change
 * runs in one transaction under the card's row lock, is audited with its
 * before/after and refreshes the registry rows that show the patient.
 */
class PatientEdits {
  async update(id: number, input: PatientPatch, ctx?: HttpContext) {
    await Patient.findOrFail(id)
    /* Sent empty or null: the card keeps no phone; not sent: unchanged. */
    const phone =
      input.phone === undefined ? undefined : input.phone ? await phoneOrFail(input.phone) : null
    const names = this.#names(input)
    const birth = this.#birth(input)
    const today = await branchToday()

    const result = await tenantTransaction(async (trx) => {
      const patient = (await lockPatient(trx, id))!
      const before = snapshot(patient)
      if (names) patient.merge(names)
      if (birth) patient.merge(birth)
      if (input.sex !== undefined) patient.sex = input.sex
      if (input.address !== undefined) patient.address = input.address || null
      if (phone !== undefined) {
        if (phone) await refuseTakenPhone(trx, phone, patient.id)
        patient.phone = phone
      }
      patient.searchName = searchNameOf(patient)
      const change = changedFields(before, snapshot(patient))
      if (!change.keys.length) return { patient, change }
      try {
        await patient.useTransaction(trx).save()
      } catch (error) {
        if (phone && isUniqueViolation(error)) await refuseTakenPhone(trx, phone, patient.id)
        throw error
      }
      await this.#copyToTickets(trx, patient, today)
      return { patient, change }
    })

    if (result.change.keys.length) {
      await audit(
        {
          event: 'patient.updated',
          entityType: 'patient',
          entityId: id,
          before: result.change.before,
          after: result.change.after,
        },
        ctx
      )
      await this.#announce(id, ctx)
    }
    return result.patient
  }

  /**
   * Two cards of one person become one: every visit, ticket and payment of
   * `sourceId` moves to `intoId`, the kept card takes what it lacked (phone,
   * birth date, sex, address, Telegram chat), and the merged card is removed
   * (its last state stays in the audit row).
   */
  async merge(sourceId: number, intoId: number, ctx?: HttpContext) {
    await Patient.findOrFail(sourceId)
    if (sourceId === intoId) throw new AppException('PATIENT_MERGE_SELF', 422)
    if (!(await Patient.find(intoId))) throw FieldErrors.of('into_id', 'exists')
    const today = await branchToday()

    const result = await tenantTransaction(async (trx) => {
      /* Both cards locked, the lower id first: two merges of the same pair cannot cross. */
      const [first, second] = [sourceId, intoId].sort((a, b) => a - b)
      const locked = [await lockPatient(trx, first), await lockPatient(trx, second)]
      const source = locked.find((p) => p?.id === sourceId)
      const into = locked.find((p) => p?.id === intoId)
      if (!source) throw new AppException('NOT_FOUND', 404)
      if (!into) throw FieldErrors.of('into_id', 'exists')
      const before = { merged: snapshot(source), kept: snapshot(into) }

      /* Knex answers an update with the affected count (a number, or [number] on some drivers). */
      const count = (value: unknown) => Number(Array.isArray(value) ? value[0] : value)
      const moved = {
        visits: count(
          await Visit.query({ client: trx })
            .where('patient_id', sourceId)
            .update({ patient_id: intoId })
        ),
        queue_entries: count(
          await QueueEntry.query({ client: trx })
            .where('patient_id', sourceId)
            .update({ patient_id: intoId })
        ),
        payments: count(
          await Payment.query({ client: trx })
            .where('patient_id', sourceId)
            .update({ patient_id: intoId })
        ),
      }
      const fills: Partial<Patient> = {}
      if (!into.phone && source.phone) fills.phone = source.phone
      if (!into.telegramId && source.telegramId) fills.telegramId = source.telegramId
      if (!into.birthDate && source.birthDate) fills.birthDate = source.birthDate
      if (!into.birthYear && source.birthYear) fills.birthYear = source.birthYear
      if (!into.sex && source.sex) fills.sex = source.sex
      if (!into.address && source.address) fills.address = source.address
      if (!into.middleName && source.middleName) fills.middleName = source.middleName
      await source.useTransaction(trx).delete()
      into.merge(fills)
      into.searchName = searchNameOf(into)
      await into.useTransaction(trx).save()
      await this.#copyToTickets(trx, into, today)
      return { into, before, moved }
    })

    await audit(
      {
        event: 'patient.merged',
        entityType: 'patient',
        entityId: intoId,
        before: result.before,
        after: { kept: snapshot(result.into), merged_id: sourceId, moved: result.moved },
      },
      ctx
    )
    await this.#announce(intoId, ctx)
    return { patient: result.into, moved: result.moved }
  }

  /** The name parts to store: the one "full name" field split, or the parts sent. */
  #names(input: PatientPatch) {
    if (input.fio !== undefined) {
      const names = splitFullName(input.fio)
      if (!names.firstName) throw FieldErrors.of('fio', 'fullName')
      return names
    }
    const parts: Partial<Pick<Patient, 'lastName' | 'firstName' | 'middleName'>> = {}
    if (input.last_name !== undefined) parts.lastName = input.last_name
    if (input.first_name !== undefined) parts.firstName = input.first_name
    if (input.middle_name !== undefined) parts.middleName = input.middle_name || null
    return Object.keys(parts).length ? parts : null
  }

  /** A birth date sets its year too; a year that contradicts the date sent with it is refused. */
  #birth(input: PatientPatch) {
    if (input.birth_date === undefined && input.birth_year === undefined) return null
    if (input.birth_date) {
      const date = DateTime.fromISO(input.birth_date)
      if (!date.isValid || date.year < 1900 || input.birth_date > clock.now().toISODate()!) {
        throw FieldErrors.of('birth_date', 'birthDate')
      }
      if (input.birth_year && input.birth_year !== date.year) {
        throw FieldErrors.of('birth_year', 'birthYearMismatch')
      }
      return { birthDate: date, birthYear: date.year }
    }
    const out: Partial<Pick<Patient, 'birthDate' | 'birthYear'>> = {}
    if (input.birth_date === null) out.birthDate = null
    if (input.birth_year !== undefined) out.birthYear = input.birth_year
    return out
  }

  /**
   * Tickets carry the name and phone they were issued with (the board, the
   * doctor's queue and QUE-R6 read them): the card's tickets take the new
   * name, and the tickets of today and later its new phone, unless another
   * ticket of that queue holds the phone already.
   */
  async #copyToTickets(trx: TransactionClientContract, patient: Patient, today: string) {
    await QueueEntry.query({ client: trx })
      .where('patient_id', patient.id)
      .update({ patient_name: patient.fullName })
    const current = await QueueEntry.query({ client: trx })
      .join('daily_queues', 'daily_queues.id', 'queue_entries.queue_id')
      .where('queue_entries.patient_id', patient.id)
      .where('daily_queues.day', '>=', today)
      .select('queue_entries.*')
    for (const entry of current) {
      if (entry.phone === patient.phone) continue
      const clash = patient.phone
        ? await QueueEntry.query({ client: trx })
            .where('queue_id', entry.queueId)
            .where('phone', patient.phone)
            .whereNot('id', entry.id)
            .first()
        : null
      if (clash) continue
      await QueueEntry.query({ client: trx }).where('id', entry.id).update({ phone: patient.phone })
    }
  }

  /** The registry rows (and doctors' queues) of the patient's visits from today on refresh. */
  async #announce(patientId: number, ctx?: HttpContext) {
    const today = await branchToday()
    const visits = await Visit.query()
      .where('patient_id', patientId)
      .where('date', '>=', today)
      .orderBy('id')
      .limit(20)
    const entries = visits.length
      ? await QueueEntry.query().whereIn(
          'visit_id',
          visits.map((v) => v.id)
        )
      : []
    for (const visit of visits) {
      const entry = entries.find((e) => e.visitId === visit.id) ?? null
      await publishRegistryEvent('patient.updated', {
        ...visitEventFields(visit, entry, ctx?.auth?.user?.id ?? null),
        patient_id: patientId,
      })
    }
  }
}

export default new PatientEdits()
