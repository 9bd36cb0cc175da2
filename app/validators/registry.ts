import vine from '@vinejs/vine'
import { isoDay, MAX_MINOR_AMOUNT, pageNumber, recordId } from '#validators/rules/common'
import { birthYearRule } from '#validators/rules/birth_year'
import { PAYMENT_TYPES, VISIT_STATUSES, VISIT_TYPES } from '#models/visit'

const patientFields = {
  fio: vine.string().trim().minLength(2).maxLength(300),
  birth_year: vine.number().withoutDecimals().use(birthYearRule()),
  phone: vine.string().trim().maxLength(30).optional(),
  address: vine.string().trim().maxLength(300).optional(),
  sex: vine.enum(['m', 'f']).optional(),
  telegram_id: vine.string().trim().maxLength(40).optional(),
}

const visitFields = {
  doctor_id: recordId(),
  date: isoDay().optional(),
  services: vine
    .array(
      vine.object({
        id: recordId(),
        qty: vine.number().withoutDecimals().range([1, 99]).optional(),
      })
    )
    .maxLength(50)
    .optional(),
  type: vine.enum(VISIT_TYPES).optional(),
  payment_type: vine.enum(PAYMENT_TYPES).nullable().optional(),
  echo: vine.boolean().optional(),
  doctor_cost: vine.number().withoutDecimals().range([0, MAX_MINOR_AMOUNT]).nullable().optional(),
  note: vine.string().trim().maxLength(500).nullable().optional(),
}

export const createPatientValidator = vine.create(patientFields)

export const searchPatientsValidator = vine.create({
  phone: vine.string().trim().maxLength(30).optional(),
  q: vine.string().trim().maxLength(100).optional(),
  limit: vine.number().withoutDecimals().range([1, 50]).optional(),
})

export const createVisitValidator = vine.create({ patient_id: recordId(), ...visitFields })

/** One registry row from the desk: an existing patient or a new one, and the visit. */
export const registryRowValidator = vine.create({
  patient_id: recordId().optional(),
  /** QUE-R11: fill this reserved technical number instead of issuing a new one. */
  entry_id: recordId().optional(),
  patient: vine.object(patientFields).optional().requiredIfMissing('patient_id'),
  ...visitFields,
})

export const visitStatusValidator = vine.create({ status: vine.enum(VISIT_STATUSES) })

export const rescheduleValidator = vine.create({
  date: isoDay(),
  doctor_id: recordId().optional(),
})

export const registryQueryValidator = vine.create({
  date: isoDay().optional(),
  doctor_id: recordId().optional(),
  branch_id: recordId().optional(),
  status: vine.enum(VISIT_STATUSES).optional(),
  payment: vine.enum(['unpaid', 'pending', 'partial', 'paid', 'refunded']).optional(),
  tab: vine.enum(['universal', 'cardiology', 'echo', 'ecg', 'dermatology', 'dentistry']).optional(),
  q: vine.string().trim().maxLength(100).optional(),
  page: pageNumber().optional(),
  per_page: vine.number().withoutDecimals().range([1, 1000]).optional(),
})

export const calendarQueryValidator = vine.create({
  from: isoDay(),
  to: isoDay(),
  doctor_id: recordId().optional(),
  branch_id: recordId().optional(),
})

/** GET /api/appointments/slots (APT-R8). */
export const slotsQueryValidator = vine.create({
  doctor_id: recordId(),
  date: isoDay(),
})

/** POST /api/schedule/closures (APT-R2): one day, or every day when `day` is null. */
export const bookingClosureValidator = vine.create({
  doctor_id: recordId(),
  day: isoDay().nullable().optional(),
  note: vine.string().trim().maxLength(300).nullable().optional(),
})

/** PATCH /api/patients/:id (issue 22 item 12): only the fields sent change; null clears. */
export const updatePatientValidator = vine.create({
  fio: vine.string().trim().minLength(2).maxLength(300).optional(),
  last_name: vine.string().trim().minLength(1).maxLength(100).optional(),
  first_name: vine.string().trim().minLength(1).maxLength(100).optional(),
  middle_name: vine.string().trim().maxLength(100).nullable().optional(),
  birth_date: isoDay().nullable().optional(),
  birth_year: vine.number().withoutDecimals().use(birthYearRule()).nullable().optional(),
  sex: vine.enum(['m', 'f']).nullable().optional(),
  phone: vine.string().trim().maxLength(30).nullable().optional(),
  address: vine.string().trim().maxLength(300).nullable().optional(),
})

/** POST /api/patients/:id/merge: the card this one is merged into. */
export const mergePatientValidator = vine.create({ into_id: recordId() })

/** PATCH /api/visits/:id (issue 22 item 12): only the fields sent change. */
export const updateVisitValidator = vine.create({
  doctor_id: recordId().optional(),
  date: isoDay().optional(),
  add_services: vine
    .array(
      vine.object({
        id: recordId(),
        qty: vine.number().withoutDecimals().range([1, 99]).optional(),
      })
    )
    .maxLength(50)
    .optional(),
  remove_services: vine.array(recordId()).maxLength(50).optional(),
  type: vine.enum(VISIT_TYPES).optional(),
  payment_type: vine.enum(PAYMENT_TYPES).nullable().optional(),
  doctor_cost: vine.number().withoutDecimals().range([0, MAX_MINOR_AMOUNT]).nullable().optional(),
  note: vine.string().trim().maxLength(500).nullable().optional(),
})

/** POST /api/queue/reserve (QUE-R11): technical numbers taken ahead in a doctor's queue today. */
export const reserveNumbersValidator = vine.create({
  specialist_id: recordId(),
  count: vine.number().withoutDecimals().range([1, 20]).optional(),
})

/** GET /api/registry/online-holders (REG-E2): today's online numbers by name, birth year, time. */
export const onlineHoldersValidator = vine.create({
  q: vine.string().trim().maxLength(100).optional(),
  birth_year: vine.number().withoutDecimals().range([1900, 2100]).optional(),
  around: vine
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional(),
  minutes: vine.number().withoutDecimals().range([1, 720]).optional(),
  doctor_id: recordId().optional(),
})
