export type Localized = { ru: string; uz: string; en: string }

export interface PermissionDefinition {
  code: string
  label: Localized
  /** The plugin that contributed the code; undefined for the host's own. */
  pluginId?: string
}

/** Permission codes of the host application. Plugins add theirs through their manifest. */
export const HOST_PERMISSIONS: PermissionDefinition[] = [
  {
    code: 'dashboard.view',
    label: { ru: 'Просмотр панели', uz: "Boshqaruv panelini ko'rish", en: 'View dashboard' },
  },
  {
    code: 'registry.read',
    label: { ru: 'Просмотр регистратуры', uz: "Registraturani ko'rish", en: 'View registry' },
  },
  {
    code: 'registry.write',
    label: { ru: 'Запись пациентов', uz: 'Bemorlarni yozish', en: 'Register patients' },
  },
  {
    code: 'queue.call',
    label: { ru: 'Вызов пациентов', uz: 'Bemorlarni chaqirish', en: 'Call patients' },
  },
  {
    /* Without it a user linked to a doctor works only that doctor's queue (queue_access.ts). */
    code: 'queue.call_any',
    label: {
      ru: 'Вызов пациентов любого врача',
      uz: 'Istalgan shifokor bemorlarini chaqirish',
      en: "Call any doctor's patients",
    },
  },
  {
    code: 'patients.read',
    label: { ru: 'Просмотр пациентов', uz: "Bemorlarni ko'rish", en: 'View patients' },
  },
  {
    code: 'patients.write',
    label: { ru: 'Изменение пациентов', uz: "Bemorlarni o'zgartirish", en: 'Edit patients' },
  },
  {
    code: 'payments.read',
    label: { ru: 'Просмотр оплат', uz: "To'lovlarni ko'rish", en: 'View payments' },
  },
  {
    code: 'payments.write',
    label: { ru: 'Приём оплат', uz: "To'lov qabul qilish", en: 'Take payments' },
  },
  {
    code: 'payments.refund',
    label: { ru: 'Возвраты оплат', uz: "To'lovlarni qaytarish", en: 'Refund payments' },
  },
  {
    code: 'lab.read',
    label: { ru: 'Просмотр анализов', uz: "Tahlillarni ko'rish", en: 'View lab results' },
  },
  {
    code: 'lab.write',
    label: { ru: 'Ввод анализов', uz: 'Tahlil natijalarini kiritish', en: 'Enter lab results' },
  },
  { code: 'reports.read', label: { ru: 'Отчёты', uz: 'Hisobotlar', en: 'Reports' } },
  {
    code: 'users.manage',
    label: {
      ru: 'Управление пользователями',
      uz: 'Foydalanuvchilarni boshqarish',
      en: 'Manage users',
    },
  },
  {
    code: 'roles.manage',
    label: { ru: 'Управление ролями', uz: 'Rollarni boshqarish', en: 'Manage roles' },
  },
  { code: 'settings.manage', label: { ru: 'Настройки', uz: 'Sozlamalar', en: 'Manage settings' } },
  { code: 'plugins.manage', label: { ru: 'Модули', uz: 'Modullar', en: 'Manage plugins' } },
  {
    code: 'references.manage',
    label: { ru: 'Врачи и услуги', uz: 'Shifokorlar va xizmatlar', en: 'Doctors and services' },
  },
  {
    code: 'audit.read',
    label: { ru: 'Журнал действий', uz: 'Harakatlar jurnali', en: 'Audit log' },
  },
  {
    code: 'expenses.manage',
    label: { ru: 'Расходы', uz: 'Xarajatlar', en: 'Expenses' },
  },
  {
    code: 'payroll.manage',
    label: { ru: 'Зарплата врачей', uz: 'Shifokorlar maoshi', en: 'Doctors payroll' },
  },
]

/** Built-in roles every tenant gets. `*` grants every code, plugins' included. */
export const SYSTEM_ROLES: { name: string; permissions: string[] }[] = [
  { name: 'admin', permissions: ['*'] },
  {
    name: 'registrar',
    permissions: [
      'dashboard.view',
      'registry.read',
      'registry.write',
      'queue.call',
      'queue.call_any',
      'patients.read',
      'patients.write',
      'payments.read',
      /* Cash and online payment at the desk (spec §8.2); refunds stay with the cashier. */
      'payments.write',
    ],
  },
  {
    name: 'doctor',
    permissions: ['dashboard.view', 'queue.call', 'patients.read', 'lab.read'],
  },
  {
    name: 'lab_tech',
    permissions: ['dashboard.view', 'patients.read', 'lab.read', 'lab.write'],
  },
  {
    name: 'cashier',
    permissions: ['dashboard.view', 'payments.read', 'payments.write', 'payments.refund'],
  },
]
