import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Doctor from '#models/doctor'
import Patient from '#models/patient'
import Visit, { type VisitSource } from '#models/visit'
import VisitService from '#models/visit_service'
import QueueEntry from '#models/queue_entry'
import type DailyQueue from '#models/daily_queue'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import settingsService from '#services/settings/settings_service'
import { queueRulesFor } from '#services/queue/queue_rules'
import {
  findOrCreateQueue,
  lockedRows,
  lockQueue,
  tenantTransaction,
} from '#services/queue/queue_numbering'
import { findHolder, issueNumber } from '#services/queue/queue_entries'
import patientService, {
  type NewPatient,
  type PatientDraft,
} from '#services/registry/patient_service'
import { priceServiceLines, type ServiceLine } from '#services/registry/service_lines'
import { bookingOpenOrFail } from '#services/registry/schedule_slots'
import { publishRegistryEvent, visitEventFields } from '#services/registry/registry_events'
import { audit } from '#services/audit_service'
import { assertBranch } from '#services/branch_scope'
import type { HttpContext } from '@adonisjs/core/http'

export interface VisitInput {
  doctor_id: number
  date?: string
  services?: { id: number; qty?: number }[]
  type?: Visit['type']
  payment_type?: Visit['paymentType']
  echo?: boolean
  doctor_cost?: number | null
  note?: string | null
}

export interface RegistryRowInput extends VisitInput {
  patient_id?: number
  patient?: NewPatient
  /** A technical number reserved ahead in the doctor's queue today, to fill (QUE-R11). */
  entry_id?: number
}

const RETURNABLE = new Set(['canceled', 'no_show'])

export async function activeDoctorOrFail(id: number, field = 'doctor_id') {
  const doctor = await Doctor.query().where('id', id).where('active', true).first()
  if (!doctor) throw FieldErrors.of(field, 'exists')
  return doctor
}

/**
 * Registers a visit from the desk (REG-R2): a visit today enters the live
 * queue with a desk number (or takes the online number the patient's phone
 * already holds); a later day is planned without a number. The patient, the
 * visit, its services and its ticket are written in one transaction.
 */
class VisitRegistration {
  async register(input: RegistryRowInput, ctx?: HttpContext) {
    const doctor = await activeDoctorOrFail(input.doctor_id)
    /* A user tied to a branch registers visits to that branch's doctors only (issue 12 F7). */
    assertBranch(ctx, doctor.branchId)
    const rules = await queueRulesFor(doctor)
    const day = input.date ?? rules.today
    if (day < rules.today) throw FieldErrors.of('date', 'dateInPast')
    if (input.entry_id && day !== rules.today) throw FieldErrors.of('entry_id', 'exists')

    const priced = await priceServiceLines(input.services, doctor, input.echo)
    const currency = await settingsService.get<string>('currency')
    let draft: PatientDraft | null = null
    if (input.patient_id) {
      if (!(await Patient.find(input.patient_id))) throw FieldErrors.of('patient_id', 'exists')
    } else {
      draft = await patientService.prepare(input.patient!, doctor.branchId, 'patient.')
    }
    const queue = day === rules.today ? await findOrCreateQueue(doctor, day) : null

    const result = await tenantTransaction(async (trx) => {
      /* The queue lock comes first: everything after it sees the last holder's numbers. */
      const lockedQueue = queue ? await lockQueue(trx, queue.id) : null
      /* A booking for a later day needs a free slot (APT-R2, R8); the doctor's lock serializes them. */
      if (!queue) {
        await lockedRows(Doctor.query({ client: trx }).where('id', doctor.id), trx).firstOrFail()
        await bookingOpenOrFail(doctor, day, priced.minutes, trx)
      }
      const patient = draft
        ? await patientService.insert(draft, trx)
        : await Patient.findOrFail(input.patient_id!, { client: trx })
      if (!draft) await this.#refuseDuplicate(trx, patient.id, doctor.id, day)

      const holder = lockedQueue ? await this.#onlineNumberOf(trx, lockedQueue, patient) : null
      const visit = await Visit.create(
        {
          patientId: patient.id,
          doctorId: doctor.id,
          branchId: doctor.branchId,
          date: day,
          status: lockedQueue ? 'queued' : 'planned',
          source: holder ? (holder.source as VisitSource) : 'desk',
          type: input.type ?? 'paid',
          paymentType: input.payment_type ?? null,
          paymentStatus: 'unpaid',
          total: priced.total,
          currency,
          echo: priced.echo,
          doctorCost: input.doctor_cost ?? null,
          note: input.note ?? null,
          createdBy: ctx?.auth?.user?.id ?? null,
        },
        { client: trx }
      )
      await this.#addLines(trx, visit.id, priced.lines)

      let entry: QueueEntry | null = null
      const reserved =
        lockedQueue && input.entry_id && !holder
          ? await this.#reservedEntry(trx, lockedQueue, input.entry_id)
          : null
      if (holder) {
        holder.merge({ visitId: visit.id, patientId: patient.id, patientName: patient.fullName })
        entry = await holder.useTransaction(trx).save()
      } else if (reserved) {
        reserved.merge({
          visitId: visit.id,
          patientId: patient.id,
          patientName: patient.fullName,
          phone: patient.phone,
          telegramId: patient.telegramId,
          status: 'waiting',
        })
        entry = await reserved.useTransaction(trx).save()
      } else if (lockedQueue) {
        entry = await issueNumber(trx, lockedQueue, {
          source: 'desk',
          from: 1,
          patientId: patient.id,
          visitId: visit.id,
          patientName: patient.fullName,
          phone: patient.phone,
          telegramId: patient.telegramId,
        })
      }
      return { patient, visit, entry, patientCreated: !!draft, attached: !!holder }
    })

    await this.#announce(result, ctx)
    return result
  }

  /** REG-E1: never a silent second visit of a patient to the same doctor on one day. */
  async #refuseDuplicate(
    trx: TransactionClientContract,
    patientId: number,
    doctorId: number,
    day: string
  ) {
    const existing = await Visit.query({ client: trx })
      .where('patient_id', patientId)
      .where('doctor_id', doctorId)
      .where('date', day)
      .orderBy('id', 'desc')
      .first()
    if (!existing) return
    const entry = await QueueEntry.query({ client: trx }).where('visit_id', existing.id).first()
    throw new AppException('VISIT_EXISTS', 409, {
      visit_id: existing.id,
      entry_id: entry?.id ?? null,
      number: entry?.number ?? null,
      ticket: entry?.ticket ?? null,
      status: existing.status,
      can_return: RETURNABLE.has(existing.status),
    })
  }

  /**
   * QUE-R11: the reserved technical number a row fills: one of this queue,
   * still empty; else 409 ENTRY_NOT_RESERVED and nothing is written.
   */
  async #reservedEntry(trx: TransactionClientContract, queue: DailyQueue, entryId: number) {
    const entry = await lockedRows(
      QueueEntry.query({ client: trx }).where('id', entryId),
      trx
    ).first()
    if (!entry || entry.queueId !== queue.id || entry.status !== 'reserved' || entry.visitId) {
      throw new AppException('ENTRY_NOT_RESERVED', 409, {
        entry_id: entryId,
        status: entry?.status ?? null,
      })
    }
    return entry
  }

  /** An online number the patient's phone or Telegram chat took this morning, not yet at the desk. */
  async #onlineNumberOf(trx: TransactionClientContract, queue: DailyQueue, patient: Patient) {
    const holder = await findHolder(trx, queue.id, {
      phone: patient.phone,
      telegramId: patient.telegramId,
    })
    return holder && holder.visitId === null ? holder : null
  }

  async #addLines(trx: TransactionClientContract, visitId: number, lines: ServiceLine[]) {
    if (!lines.length) return
    await VisitService.createMany(
      lines.map((line) => ({ visitId, ...line })),
      { client: trx }
    )
  }

  async #announce(
    result: {
      patient: Patient
      visit: Visit
      entry: QueueEntry | null
      patientCreated: boolean
      attached: boolean
    },
    ctx?: HttpContext
  ) {
    const { patient, visit, entry } = result
    if (result.patientCreated) await patientService.recordCreated(patient, ctx)
    await audit(
      {
        event: 'visit.created',
        entityType: 'visit',
        entityId: visit.id,
        after: { ...visit.serialize(), number: entry?.number ?? null },
      },
      ctx
    )

    const base = visitEventFields(visit, entry, ctx?.auth?.user?.id ?? null)
    if (!result.attached) await publishRegistryEvent('queue.created', base)
    if (entry && !result.attached) await publishRegistryEvent('queue.number_assigned', base)
    await publishRegistryEvent('visit.status_changed', {
      ...base,
      old_status: null,
      new_status: visit.status,
    })
  }
}

export default new VisitRegistration()
