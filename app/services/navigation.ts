import type User from '#models/user'

export type NavigationEntry = {
  /** i18n key of the label (`nav.*`), or a plugin's label per locale. */
  label: string | { ru: string; uz: string; en: string }
  href: string
  icon: string
  permission?: string
  group: 'clinic' | 'admin' | 'plugins'
}

/** The host's navigation; plugins add entries through the plugin kernel. */
export const HOST_NAVIGATION: NavigationEntry[] = [
  {
    label: 'nav.dashboard',
    href: '/dashboard',
    icon: 'pi pi-home',
    permission: 'dashboard.view',
    group: 'clinic',
  },
  {
    label: 'nav.registry',
    href: '/registry',
    icon: 'pi pi-list',
    permission: 'registry.read',
    group: 'clinic',
  },
  {
    label: 'nav.doctor_queue',
    href: '/doctor/queue',
    icon: 'pi pi-megaphone',
    permission: 'queue.call',
    group: 'clinic',
  },
  {
    label: 'nav.cashier',
    href: '/cashier',
    icon: 'pi pi-wallet',
    permission: 'payments.read',
    group: 'clinic',
  },
  {
    label: 'nav.users',
    href: '/admin/users',
    icon: 'pi pi-users',
    permission: 'users.manage',
    group: 'admin',
  },
  {
    label: 'nav.plugins',
    href: '/admin/plugins',
    icon: 'pi pi-th-large',
    permission: 'plugins.manage',
    group: 'admin',
  },
  {
    label: 'nav.settings',
    href: '/admin/settings',
    icon: 'pi pi-cog',
    permission: 'settings.manage',
    group: 'admin',
  },
  {
    label: 'nav.reports',
    href: '/reports',
    icon: 'pi pi-chart-bar',
    permission: 'reports.read',
    group: 'clinic',
  },
  {
    label: 'nav.roles',
    href: '/admin/roles',
    icon: 'pi pi-shield',
    permission: 'roles.manage',
    group: 'admin',
  },
  {
    label: 'nav.doctors',
    href: '/admin/doctors',
    icon: 'pi pi-id-card',
    permission: 'references.manage',
    group: 'admin',
  },
  {
    label: 'nav.services',
    href: '/admin/services',
    icon: 'pi pi-tags',
    permission: 'references.manage',
    group: 'admin',
  },
  {
    label: 'nav.expenses',
    href: '/admin/expenses',
    icon: 'pi pi-wallet',
    permission: 'expenses.manage',
    group: 'admin',
  },
  {
    label: 'nav.payroll',
    href: '/admin/payroll',
    icon: 'pi pi-money-bill',
    permission: 'payroll.manage',
    group: 'admin',
  },
  {
    label: 'nav.boards',
    href: '/admin/boards',
    icon: 'pi pi-desktop',
    permission: 'settings.manage',
    group: 'admin',
  },
  {
    label: 'nav.logs',
    href: '/admin/logs',
    icon: 'pi pi-history',
    permission: 'audit.read',
    group: 'admin',
  },
]

const extraSources: ((user: User) => Promise<NavigationEntry[]>)[] = []

/** Plugins (enabled for the tenant) contribute entries here. */
export function addNavigationSource(source: (user: User) => Promise<NavigationEntry[]>) {
  extraSources.push(source)
}

/** The entries the user may see: those whose permission their roles grant. */
export async function buildNavigation(user: User) {
  const entries = [...HOST_NAVIGATION]
  for (const source of extraSources) entries.push(...(await source(user)))
  const visible: NavigationEntry[] = []
  for (const entry of entries) {
    if (!entry.permission || (await user.hasPermission(entry.permission))) visible.push(entry)
  }
  return visible
}
