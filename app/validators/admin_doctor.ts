import vine from '@vinejs/vine'
import { isoDay, MAX_MINOR_AMOUNT, recordId } from '#validators/rules/common'

const percent = () => vine.number().range([0, 100]).nullable()

const doctorFields = {
  full_name: vine.string().trim().minLength(2).maxLength(200),
  /** therapy, cardiology, ecg, dermatology, dentistry, lab, … (contract: open list) */
  specialty: vine
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,49}$/),
  cabinet: vine.string().trim().maxLength(20).nullable(),
  branch_id: recordId().optional(),
  price_default: vine.number().withoutDecimals().range([0, MAX_MINOR_AMOUNT]).optional(),
  active: vine.boolean().optional(),
  payroll_percent: percent().optional(),
  service_ids: vine.array(recordId()).maxLength(500).distinct().optional(),
}

export const createDoctorValidator = vine.create(doctorFields)

export const updateDoctorValidator = vine.create({
  ...doctorFields,
  full_name: doctorFields.full_name.optional(),
  specialty: doctorFields.specialty.optional(),
  cabinet: doctorFields.cabinet.optional(),
})

export const listDoctorsValidator = vine.create({
  branch_id: recordId().optional(),
  specialty: vine.string().trim().maxLength(50).optional(),
  active: vine.boolean({ strict: false }).optional(),
})

const time = () => vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

/** The whole week at once; a weekday that is not listed is a day off. */
export const scheduleValidator = vine.create({
  days: vine
    .array(
      vine.object({
        weekday: vine.number().withoutDecimals().range([1, 7]),
        start: time(),
        end: time(),
        breaks: vine
          .array(vine.object({ start: time(), end: time() }))
          .maxLength(6)
          .optional(),
      })
    )
    .maxLength(7),
})

export const scheduleQueryValidator = vine.create({
  doctor_id: recordId().optional(),
  branch_id: recordId().optional(),
  /** With a day, each doctor also carries that day's booking occupancy. */
  date: isoDay().optional(),
})

export const photoValidator = vine.create({
  photo: vine.file({ size: '3mb', extnames: ['jpg', 'jpeg', 'png', 'webp'] }),
})
