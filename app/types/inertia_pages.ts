/**
 * Inertia pages the server renders, with their props. Plugin pages are named
 * `plugins/<pluginId>/<page>`.
 */
type AnyProps = Record<string, any>
type ErrorPageProps = { status: number; code: string; message: string }

declare module '@adonisjs/inertia/types' {
  interface InertiaPages {
    'auth/login': AnyProps
    'dashboard': AnyProps
    'admin/users': AnyProps
    'admin/settings': AnyProps
    'admin/plugins': AnyProps
    'admin/roles': AnyProps
    'admin/doctors': AnyProps
    'admin/services': AnyProps
    'admin/logs': AnyProps
    'admin/expenses': AnyProps
    'admin/payroll': AnyProps
    'reports/index': AnyProps
    'admin/account_security': AnyProps
    'registry/index': AnyProps
    'queue/join': AnyProps
    'queue/doctor': AnyProps
    'display/board': AnyProps
    'admin/boards/index': AnyProps
    'cashier/index': AnyProps
    'cashier/pay_result': AnyProps
    'platform/landing': AnyProps
    'errors/not_found': ErrorPageProps
    'errors/forbidden': ErrorPageProps
    'errors/suspended': ErrorPageProps
    'errors/server_error': ErrorPageProps
    [plugin: `plugins/${string}`]: AnyProps
  }
}

export {}
