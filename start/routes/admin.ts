/*
| Admin panel (spec §7): the staff API under /api/admin (bearer token or the
| panel's session) and the panel's pages. Every route names the permission
| code it needs; custom roles get access by holding the code.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminGuard } from '#services/admin/admin_guard'

const AdminPagesController = () => import('#controllers/admin/admin_pages_controller')
const SettingsController = () => import('#controllers/admin/settings_controller')
const UsersController = () => import('#controllers/admin/users_controller')
const BranchesController = () => import('#controllers/admin/branches_controller')
const RolesController = () => import('#controllers/admin/roles_controller')
const DoctorsController = () => import('#controllers/admin/doctors_controller')
const ServicesController = () => import('#controllers/admin/services_controller')
const LogsController = () => import('#controllers/admin/logs_controller')
const ReportsController = () => import('#controllers/admin/reports_controller')
const ExpensesController = () => import('#controllers/admin/expenses_controller')
const PayrollController = () => import('#controllers/admin/payroll_controller')
const TwoFactorController = () => import('#controllers/admin/two_factor_controller')
const ClinicLogoController = () => import('#controllers/admin/clinic_logo_controller')

const id = router.matchers.number()
const can = (code: string) => middleware.can(code)

/* Panel pages (session) */
router
  .group(() => {
    router.get('/admin/users', [AdminPagesController, 'users']).use(can('users.manage'))
    router.get('/admin/roles', [AdminPagesController, 'roles']).use(can('roles.manage'))
    router.get('/admin/doctors', [AdminPagesController, 'doctors']).use(can('references.manage'))
    router.get('/admin/services', [AdminPagesController, 'services']).use(can('references.manage'))
    router.get('/admin/settings', [AdminPagesController, 'settings']).use(can('settings.manage'))
    router.get('/admin/logs', [AdminPagesController, 'logs']).use(can('audit.read'))
    router.get('/admin/expenses', [AdminPagesController, 'expenses']).use(can('expenses.manage'))
    router.get('/admin/payroll', [AdminPagesController, 'payroll']).use(can('payroll.manage'))
    router.get('/reports', [AdminPagesController, 'reports']).use(can('reports.read'))
  })
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] }), adminGuard])

/* The clinic's logo: public on the tenant's host (boards, the /q page, the login page) */
router.get('/clinic/logo', [ClinicLogoController, 'show']).use(middleware.tenant())

/* Every signed-in user's start page (clinic area: no admin guard) */
router
  .get('/dashboard', [AdminPagesController, 'dashboard'])
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] })])

/* Every signed-in user's own second factor (reachable even where the admin guard asks for it) */
router
  .get('/account/security', [TwoFactorController, 'page'])
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] })])
router
  .group(() => {
    router.get('/status', [TwoFactorController, 'status'])
    router.post('/setup', [TwoFactorController, 'setup'])
    router.post('/enable', [TwoFactorController, 'enable'])
    router.post('/disable', [TwoFactorController, 'disable'])
  })
  .prefix('/api/auth/2fa')
  .use([middleware.tenant(), middleware.auth({ guards: ['api', 'web'] })])

/* Staff API */
router
  .group(() => {
    router
      .group(() => {
        router.get('/settings', [SettingsController, 'show'])
        router.put('/settings', [SettingsController, 'update'])
        router.post('/settings/logo', [ClinicLogoController, 'upload'])
        router.delete('/settings/logo', [ClinicLogoController, 'destroy'])
        router.get('/branches', [BranchesController, 'index'])
        router.post('/branches', [BranchesController, 'store'])
        router.put('/branches/:id', [BranchesController, 'update']).where('id', id)
      })
      .use(can('settings.manage'))

    router
      .group(() => {
        router.get('/users', [UsersController, 'index'])
        router.post('/users', [UsersController, 'store'])
        router.put('/users/:id', [UsersController, 'update']).where('id', id)
        router.delete('/users/:id', [UsersController, 'destroy']).where('id', id)
        router.post('/users/:id/password', [UsersController, 'resetPassword']).where('id', id)
        router.delete('/users/:id/2fa', [TwoFactorController, 'reset']).where('id', id)
      })
      .use(can('users.manage'))

    router
      .group(() => {
        router.get('/roles', [RolesController, 'index'])
        router.post('/roles', [RolesController, 'store'])
        router.put('/roles/:id', [RolesController, 'update']).where('id', id)
      })
      .use(can('roles.manage'))

    router
      .group(() => {
        router.get('/doctors', [DoctorsController, 'index'])
        router.post('/doctors', [DoctorsController, 'store'])
        router.get('/doctors/:id', [DoctorsController, 'show']).where('id', id)
        router.put('/doctors/:id', [DoctorsController, 'update']).where('id', id)
        router.delete('/doctors/:id', [DoctorsController, 'destroy']).where('id', id)
        router.post('/doctors/:id/photo', [DoctorsController, 'uploadPhoto']).where('id', id)
        router.get('/doctors/:id/photo', [DoctorsController, 'photo']).where('id', id)
        router.get('/doctors/:id/schedule', [DoctorsController, 'schedule']).where('id', id)
        router.put('/doctors/:id/schedule', [DoctorsController, 'updateSchedule']).where('id', id)
        router.get('/doctors/:id/schedule.pdf', [DoctorsController, 'schedulePdf']).where('id', id)

        router.get('/services', [ServicesController, 'index'])
        router.post('/services', [ServicesController, 'store'])
        router.get('/services/export.csv', [ServicesController, 'exportCsv'])
        router.post('/services/import', [ServicesController, 'import'])
        router.get('/services/:id', [ServicesController, 'show']).where('id', id)
        router.put('/services/:id', [ServicesController, 'update']).where('id', id)
        router.delete('/services/:id', [ServicesController, 'destroy']).where('id', id)
      })
      .use(can('references.manage'))

    router.get('/logs', [LogsController, 'index']).use(can('audit.read'))
    router.get('/logs/events', [LogsController, 'events']).use(can('audit.read'))

    router.get('/dashboard', [ReportsController, 'dashboard']).use(can('reports.read'))
    router.get('/reports', [ReportsController, 'report']).use(can('reports.read'))

    router
      .group(() => {
        router.get('/expenses', [ExpensesController, 'index'])
        router.post('/expenses', [ExpensesController, 'store'])
        router.get('/expenses/export.xlsx', [ExpensesController, 'exportXlsx'])
        router.get('/expenses/export.pdf', [ExpensesController, 'exportPdf'])
        router.put('/expenses/:id', [ExpensesController, 'update']).where('id', id)
        router.delete('/expenses/:id', [ExpensesController, 'destroy']).where('id', id)
      })
      .use(can('expenses.manage'))

    router
      .group(() => {
        router.get('/payroll', [PayrollController, 'index'])
        router.post('/payroll', [PayrollController, 'store'])
        router.get('/payroll/:id', [PayrollController, 'show']).where('id', id)
        router.put('/payroll/:id', [PayrollController, 'update']).where('id', id)
        router.delete('/payroll/:id', [PayrollController, 'destroy']).where('id', id)
        router.get('/payroll/:id/payslip.pdf', [PayrollController, 'payslip']).where('id', id)
      })
      .use(can('payroll.manage'))
  })
  .prefix('/api/admin')
  .use([middleware.tenant(), middleware.auth({ guards: ['api', 'web'] }), adminGuard])

/* The registry reads the doctors' weekly schedules (ADM-T2). */
router
  .get('/api/schedule', [DoctorsController, 'registrySchedule'])
  .use([middleware.tenant(), middleware.auth({ guards: ['api', 'web'] }), can('registry.read')])
