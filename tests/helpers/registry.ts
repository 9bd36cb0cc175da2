import type { ApiClient } from '@japa/api-client'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import Role from '#models/role'
import Service from '#models/service'
import User from '#models/user'
import { clock } from '#services/clock'
import type Tenant from '#tenants/models/tenant'
import { apiToken } from '#tests/helpers/api'
import { hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'

/** A clinic's reference data for registry tests: one doctor per specialty and priced services. */
export async function setupRegistry(tenant: Tenant) {
  return inTenant(tenant, async () => {
    const branch = await Branch.findByOrFail('is_default', true)
    const make = (
      fullName: string,
      specialty: string,
      cabinet: string,
      priceDefault = 100_000_00
    ) =>
      Doctor.create({
        fullName,
        specialty,
        cabinet,
        branchId: branch.id,
        priceDefault,
        active: true,
      })
    const doctors = {
      therapy: await make('Рахимов Азиз', 'therapy', '101'),
      cardiology: await make('Исмоилова Нигора', 'cardiology', '204'),
      ecg: await make('Кабинет ЭКГ', 'ecg', '105'),
      dermatology: await make('Ким Елена', 'dermatology', '301'),
      dentistry: await make('Турсунов Бобур', 'dentistry', '310'),
    }
    const service = (title: string, code: string, category: string, price: number) =>
      Service.create({ title, code, category, price, currency: 'UZS', active: true })
    const services = {
      therapy: await service('Консультация терапевта', 'THER-01', 'therapy', 150_000_00),
      cardiology: await service('Консультация кардиолога', 'CARD-01', 'cardiology', 250_000_00),
      echo: await service('ЭхоКГ', 'ECHO-01', 'echo', 300_000_00),
      ecg: await service('ЭКГ', 'ECG-01', 'ecg', 80_000_00),
      cryo: await service('Криотерапия', 'DERM-02', 'dermatology', 120_000_00),
      peel: await service('Пилинг', 'COSM-02', 'cosmetology', 300_000_00),
      retired: await Service.create({
        title: 'Старая услуга',
        code: 'OLD-01',
        category: 'therapy',
        price: 1_000_00,
        currency: 'UZS',
        active: false,
      }),
    }
    /* `doctor` is the therapist's account: a doctor works their own queue (issue 22). */
    for (const [login, role] of [
      ['registrar', 'registrar'],
      ['registrar2', 'registrar'],
      ['doctor', 'doctor'],
      ['lab', 'lab_tech'],
    ]) {
      const user = await User.create({
        login,
        fullName: login,
        password: TEST_PASSWORD,
        isActive: true,
        doctorId: login === 'doctor' ? doctors.therapy.id : null,
      })
      await user.related('roles').attach([(await Role.findByOrFail('name', role)).id])
    }
    return { branch, doctors, services }
  })
}

/** A staff bearer token and a request factory bound to the tenant's host. */
export async function staffApi(client: ApiClient, tenant: Tenant, login = 'registrar') {
  const token = await apiToken(client, tenant, login)
  const host = hostOf(tenant)
  return {
    get: (url: string) => client.get(url).header('host', host).bearerToken(token),
    post: (url: string, body: Record<string, unknown> = {}) =>
      client.post(url).header('host', host).bearerToken(token).json(body),
    patch: (url: string, body: Record<string, unknown> = {}) =>
      client.patch(url).header('host', host).bearerToken(token).json(body),
    put: (url: string, body: Record<string, unknown> = {}) =>
      client.put(url).header('host', host).bearerToken(token).json(body),
    delete: (url: string) => client.delete(url).header('host', host).bearerToken(token),
  }
}

/** Tenant settings changed as an admin changes them (the settings cache is dropped). */
export async function putSettings(
  client: ApiClient,
  tenant: Tenant,
  values: Record<string, unknown>
) {
  const admin = await staffApi(client, tenant, 'admin')
  const response = await admin.put('/api/admin/settings', { values })
  response.assertStatus(200)
}

/** A public (no login) join as the QR page sends it. */
export function joinQueue(
  client: ApiClient,
  tenant: Tenant,
  body: Record<string, unknown>,
  locale = 'en'
) {
  return client
    .post('/api/queue/join')
    .header('host', hostOf(tenant))
    .header('accept-language', locale)
    .json(body)
}

/** Local wall-clock time of the default zone (Asia/Tashkent). */
export function setLocalTime(iso: string, zone = 'Asia/Tashkent') {
  clock.set(iso, zone)
}
