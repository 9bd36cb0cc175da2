import Tenant from '#tenants/models/tenant'
import tenancy from '#tenants/tenancy'
import tenantProvisioner from '#tenants/provisioning'
import Role from '#models/role'
import User from '#models/user'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import { ensureDemoBoard } from '#services/board/demo_board'
import Service from '#models/service'
import Schedule from '#models/schedule'

export const DEMO_PASSWORD = 'demo12345'
export const DEMO_LOGINS = ['admin', 'registrar', 'doctor', 'lab', 'cashier']

const STAFF = [
  { login: 'registrar', fullName: 'Дилноза Каримова', role: 'registrar' },
  { login: 'doctor', fullName: 'Азиз Рахимов', role: 'doctor' },
  { login: 'lab', fullName: 'Малика Юсупова', role: 'lab_tech' },
  { login: 'cashier', fullName: 'Ольга Петрова', role: 'cashier' },
]

const DOCTORS = [
  {
    fullName: 'Рахимов Азиз Бахтиёрович',
    specialty: 'therapy',
    cabinet: '101',
    priceDefault: 150_000_00,
  },
  {
    fullName: 'Исмоилова Нигора Алишеровна',
    specialty: 'cardiology',
    cabinet: '204',
    priceDefault: 250_000_00,
  },
  { fullName: 'Кабинет ЭКГ', specialty: 'ecg', cabinet: '105', priceDefault: 80_000_00 },
  {
    fullName: 'Ким Елена Викторовна',
    specialty: 'dermatology',
    cabinet: '301',
    priceDefault: 200_000_00,
  },
  {
    fullName: 'Турсунов Бобур Шухратович',
    specialty: 'dentistry',
    cabinet: '310',
    priceDefault: 180_000_00,
  },
  { fullName: 'Лаборатория', specialty: 'lab', cabinet: '001', priceDefault: 0 },
]

const SERVICES = [
  { title: 'Консультация терапевта', code: 'THER-01', category: 'therapy', price: 150_000_00 },
  { title: 'Консультация кардиолога', code: 'CARD-01', category: 'cardiology', price: 250_000_00 },
  { title: 'ЭхоКГ', code: 'ECHO-01', category: 'echo', price: 300_000_00 },
  { title: 'ЭКГ', code: 'ECG-01', category: 'ecg', price: 80_000_00 },
  {
    title: 'Консультация дерматолога',
    code: 'DERM-01',
    category: 'dermatology',
    price: 200_000_00,
  },
  { title: 'Криотерапия', code: 'DERM-02', category: 'dermatology', price: 120_000_00 },
  { title: 'Удаление папиллом', code: 'DERM-03', category: 'dermatology', price: 150_000_00 },
  { title: 'Чистка лица', code: 'COSM-01', category: 'cosmetology', price: 250_000_00 },
  { title: 'Пилинг', code: 'COSM-02', category: 'cosmetology', price: 300_000_00 },
  { title: 'Консультация стоматолога', code: 'DENT-01', category: 'dentistry', price: 100_000_00 },
  { title: 'Общий анализ крови', code: 'LAB-01', category: 'lab', price: 60_000_00 },
  { title: 'Биохимия крови (базовая)', code: 'LAB-02', category: 'lab', price: 220_000_00 },
]

/**
 * Creates and fills the `demo` clinic when it is missing: one branch, doctors
 * of several specialties, services with prices, a user for each role.
 */
export async function ensureDemoTenant() {
  if (await Tenant.findBy('slug', 'demo')) return

  const tenant = await tenantProvisioner.provision({
    slug: 'demo',
    name: 'Demo Clinic',
    adminLogin: 'admin',
    adminPassword: DEMO_PASSWORD,
  })

  await tenancy.runWithTenant(tenant, async () => {
    const admin = await User.findByOrFail('login', 'admin')
    admin.fullName = 'Администратор клиники'
    await admin.save()

    for (const member of STAFF) {
      const user = await User.create({
        login: member.login,
        fullName: member.fullName,
        password: DEMO_PASSWORD,
        isActive: true,
      })
      const role = await Role.findByOrFail('name', member.role)
      await user.related('roles').attach([role.id])
    }

    const branch = await Branch.findByOrFail('is_default', true)
    const doctors = await Doctor.createMany(
      DOCTORS.map((d) => ({ ...d, branchId: branch.id, active: true }))
    )
    const doctorUser = await User.findByOrFail('login', 'doctor')
    doctorUser.doctorId = doctors[0].id
    await doctorUser.save()

    await Service.createMany(SERVICES.map((s) => ({ ...s, currency: 'UZS', active: true })))

    /* Monday to Saturday 08:00-17:00 with a lunch break. */
    for (const doctor of doctors) {
      await Schedule.createMany(
        [1, 2, 3, 4, 5, 6].map((weekday) => ({
          doctorId: doctor.id,
          weekday,
          startTime: '08:00',
          endTime: weekday === 6 ? '14:00' : '17:00',
          breaks: weekday === 6 ? [] : [{ start: '13:00', end: '14:00' }],
        }))
      )
    }

    await ensureDemoBoard()
  })
}
