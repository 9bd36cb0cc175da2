import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Patient from '#models/patient'
import { audit } from '#services/audit_service'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import settingsService from '#services/settings/settings_service'
import { isUniqueViolation } from '#services/queue/queue_numbering'
import { normalizePhone } from '#services/registry/phone'
import { searchNameOf, splitFullName } from '#services/registry/person_name'

export interface NewPatient {
  fio: string
  birth_year: number
  phone?: string
  address?: string
  sex?: 'm' | 'f'
  telegram_id?: string
}

/** The phone in E.164 by the branch's default country, or a 422 on `field`. */
export async function phoneOrFail(input: string | undefined, branchId?: number, field = 'phone') {
  if (!input) return null
  return phoneInOrFail(
    input,
    await settingsService.get<string>('phone.default_country', branchId),
    field
  )
}

/** The phone in E.164, national input read as `country`'s, or a 422 on `field`. */
export function phoneInOrFail(input: string | undefined, country: string, field = 'phone') {
  if (!input) return null
  const phone = normalizePhone(input, country)
  if (!phone) throw FieldErrors.of(field, 'phone')
  return phone
}

export type PatientDraft = Awaited<ReturnType<PatientService['prepare']>>

class PatientService {
  /**
   * Validates and normalizes a new patient outside any transaction (the phone
   * rules come from settings): the full name split, the phone in E.164.
   */
  async prepare(input: NewPatient, branchId?: number, fieldPrefix = '') {
    const phone = await phoneOrFail(input.phone, branchId, `${fieldPrefix}phone`)
    const names = splitFullName(input.fio)
    if (!names.firstName) throw FieldErrors.of(`${fieldPrefix}fio`, 'fullName')
    return {
      ...names,
      searchName: searchNameOf(names),
      birthYear: input.birth_year,
      phone,
      address: input.address || null,
      sex: input.sex ?? null,
      telegramId: input.telegram_id ?? null,
    }
  }

  /**
   * Stores a prepared patient. A phone another patient has → 409
   * PATIENT_EXISTS with that patient's id, also when two registrars save the
   * same person at once (the unique key decides, nothing is half-written).
   */
  async insert(draft: PatientDraft, trx?: TransactionClientContract) {
    if (draft.phone) await this.#refuseTakenPhone(draft.phone, trx)
    try {
      return await Patient.create(draft, { client: trx })
    } catch (error) {
      if (draft.phone && isUniqueViolation(error)) await this.#refuseTakenPhone(draft.phone, trx)
      throw error
    }
  }

  /** POST /api/patients: prepares, stores and audits a patient. */
  async create(input: NewPatient, ctx?: HttpContext) {
    const patient = await this.insert(await this.prepare(input))
    await this.recordCreated(patient, ctx)
    return patient
  }

  /** The audit row of a new patient (written after its transaction committed). */
  recordCreated(patient: Patient, ctx?: HttpContext) {
    return audit(
      {
        event: 'patient.created',
        entityType: 'patient',
        entityId: patient.id,
        after: patient.serialize(),
      },
      ctx
    )
  }

  async #refuseTakenPhone(phone: string, trx?: TransactionClientContract) {
    const existing = await Patient.query({ client: trx }).where('phone', phone).first()
    if (existing) {
      throw new AppException('PATIENT_EXISTS', 409, {
        patient_id: existing.id,
        patient_name: existing.fullName,
      })
    }
  }

  /**
   * Autocomplete (REG-R3, REG-E2): by phone digits, or by name words; a
   * four-digit word is the birth year ("Каримов 1985" finds a patient without phone).
   */
  async search(input: { phone?: string; q?: string; limit?: number }) {
    const query = Patient.query().orderBy('last_name').orderBy('first_name')
    const limit = input.limit ?? 10
    const digits = (input.phone ?? '').replace(/\D/g, '')
    if (digits) query.where('phone', 'like', `%${digits}%`)

    const words = (input.q ?? '').toLocaleLowerCase('ru').replace(/ё/g, 'е').split(/\s+/)
    for (const word of words.filter(Boolean)) {
      if (/^\d{4}$/.test(word)) query.where('birth_year', Number(word))
      else if (/^\+?\d{3,}$/.test(word)) query.where('phone', 'like', `%${word.replace('+', '')}%`)
      else query.where('search_name', 'like', `%${word.replace(/[%_]/g, '')}%`)
    }
    if (!digits && !words.some(Boolean)) return []
    return query.limit(limit)
  }
}

export default new PatientService()
