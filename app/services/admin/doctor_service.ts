import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import Doctor from '#models/doctor'
import Branch from '#models/branch'
import Service from '#models/service'
import Schedule from '#models/schedule'
import { audit } from '#services/audit_service'
import { FieldErrors } from '#exceptions/field_errors'
import { currentTenantOrFail } from '#tenants/context'
import { checkUpload, UPLOAD_RULES } from '#services/uploads/upload_check'

export interface DoctorInput {
  full_name?: string
  specialty?: string
  cabinet?: string | null
  branch_id?: number
  price_default?: number
  active?: boolean
  payroll_percent?: number | null
  service_ids?: number[]
}

export async function serializeDoctor(doctor: Doctor) {
  if (!doctor.$preloaded.services) await doctor.load('services')
  return {
    id: doctor.id,
    full_name: doctor.fullName,
    specialty: doctor.specialty,
    cabinet: doctor.cabinet,
    branch_id: doctor.branchId,
    price_default: doctor.priceDefault === null ? 0 : Number(doctor.priceDefault),
    active: doctor.active,
    payroll_percent: doctor.payrollPercent,
    has_photo: !!doctor.photoPath,
    photo_url: doctor.photoPath ? `/api/admin/doctors/${doctor.id}/photo` : null,
    service_ids: doctor.services.map((service) => service.id),
  }
}

const transaction = <T>(work: (trx: any) => Promise<T>) =>
  db.connection(currentTenantOrFail().connectionName).transaction(work)

/** Doctors and cabinets (spec ADM-R4): reference data the registry and boards read. */
export class DoctorService {
  async list(filters: { branch_id?: number; specialty?: string; active?: boolean } = {}) {
    const query = Doctor.query().preload('services').orderBy('full_name')
    if (filters.branch_id) query.where('branch_id', filters.branch_id)
    if (filters.specialty) query.where('specialty', filters.specialty)
    if (filters.active !== undefined) query.where('active', filters.active)
    return Promise.all((await query).map(serializeDoctor))
  }

  async show(id: number) {
    return serializeDoctor(await Doctor.findOrFail(id))
  }

  async create(input: DoctorInput, ctx?: HttpContext) {
    const branchId = input.branch_id ?? (await Branch.findByOrFail('is_default', true)).id
    await this.#assertRefs({ ...input, branch_id: branchId })
    const doctor = await transaction(async (trx) => {
      const created = await Doctor.create(
        {
          fullName: input.full_name!,
          specialty: input.specialty!,
          cabinet: input.cabinet ?? null,
          branchId,
          priceDefault: input.price_default ?? 0,
          active: input.active ?? true,
          payrollPercent: input.payroll_percent ?? null,
        },
        { client: trx }
      )
      if (input.service_ids?.length)
        await created.related('services').attach(input.service_ids, trx)
      return created
    })
    const after = await serializeDoctor(doctor)
    await audit({ event: 'doctor.created', entityType: 'doctor', entityId: doctor.id, after }, ctx)
    return after
  }

  async update(id: number, input: DoctorInput, ctx?: HttpContext) {
    const doctor = await Doctor.findOrFail(id)
    const before = await serializeDoctor(doctor)
    await this.#assertRefs(input)
    await transaction(async (trx) => {
      doctor.useTransaction(trx)
      if (input.full_name !== undefined) doctor.fullName = input.full_name
      if (input.specialty !== undefined) doctor.specialty = input.specialty
      if (input.cabinet !== undefined) doctor.cabinet = input.cabinet
      if (input.branch_id !== undefined) doctor.branchId = input.branch_id
      if (input.price_default !== undefined) doctor.priceDefault = input.price_default
      if (input.active !== undefined) doctor.active = input.active
      if (input.payroll_percent !== undefined) doctor.payrollPercent = input.payroll_percent
      await doctor.save()
      if (input.service_ids) await doctor.related('services').sync(input.service_ids, true, trx)
    })
    await doctor.load('services')
    const after = await serializeDoctor(doctor)
    await audit(
      { event: 'doctor.updated', entityType: 'doctor', entityId: doctor.id, before, after },
      ctx
    )
    return after
  }

  /**
   * A doctor with visits or queues is deactivated (history keeps its name);
   * one never used is deleted with its schedule.
   */
  async remove(id: number, ctx?: HttpContext): Promise<{ deleted: boolean; doctor?: object }> {
    const doctor = await Doctor.findOrFail(id)
    const before = await serializeDoctor(doctor)
    const knex = db.connection(currentTenantOrFail().connectionName)
    const used =
      (await knex.from('visits').where('doctor_id', id).first()) ||
      (await knex.from('daily_queues').where('doctor_id', id).first())
    if (used) {
      return { deleted: false, doctor: await this.update(id, { active: false }, ctx) }
    }
    await transaction(async (trx) => {
      await Schedule.query({ client: trx }).where('doctor_id', id).delete()
      await trx.from('users').where('doctor_id', id).update({ doctor_id: null })
      await doctor.useTransaction(trx).delete()
    })
    await audit({ event: 'doctor.deleted', entityType: 'doctor', entityId: id, before }, ctx)
    return { deleted: true }
  }

  /**
   * Stores the photo under the tenant's files (`doctors/<id>/photo.<ext>`):
   * PNG, JPEG or WebP ≤ 3 MB, decoded, scaled into 1024 px and re-encoded
   * without metadata by the shared upload rule (`upload_check.ts`).
   */
  async savePhoto(id: number, file: MultipartFile, ctx?: HttpContext) {
    const doctor = await Doctor.findOrFail(id)
    const photo = await checkUpload(file, UPLOAD_RULES.doctorPhoto)
    const files = currentTenantOrFail().files
    const key = `doctors/${doctor.id}/photo.${photo.ext}`
    await files.put(key, photo.bytes)
    if (doctor.photoPath && doctor.photoPath !== key) await files.delete(doctor.photoPath)
    doctor.photoPath = key
    await doctor.save()
    await audit(
      { event: 'doctor.photo_updated', entityType: 'doctor', entityId: id, after: { key } },
      ctx
    )
    return serializeDoctor(doctor)
  }

  async photo(id: number) {
    const doctor = await Doctor.findOrFail(id)
    if (!doctor.photoPath) return null
    const bytes = await currentTenantOrFail().files.getBytes(doctor.photoPath)
    const ext = doctor.photoPath.split('.').pop()!
    return {
      bytes,
      type: ext === 'png' ? 'image/png' : ext === 'webp' ? 'image/webp' : 'image/jpeg',
    }
  }

  async #assertRefs(input: DoctorInput) {
    if (input.branch_id !== undefined && !(await Branch.find(input.branch_id))) {
      throw FieldErrors.of('branch_id', 'exists')
    }
    if (input.service_ids?.length) {
      const found = await Service.query().whereIn('id', input.service_ids).select('id')
      const known = new Set(found.map((service) => service.id))
      const problems = input.service_ids
        .map((serviceId, index) => (known.has(serviceId) ? null : index))
        .filter((index): index is number => index !== null)
      if (problems.length) {
        throw new FieldErrors(
          problems.map((index) => ({ field: `service_ids.${index}`, rule: 'exists' }))
        )
      }
    }
  }
}

export default new DoctorService()
