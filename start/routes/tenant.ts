import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/auth/session_controller')
const TokensController = () => import('#controllers/auth/tokens_controller')
const PagesController = () => import('#controllers/pages_controller')
const SettingsController = () => import('#controllers/admin/settings_controller')
const UsersController = () => import('#controllers/admin/users_controller')
const BranchesController = () => import('#controllers/admin/branches_controller')
const RolesController = () => import('#controllers/admin/roles_controller')

/* Panels (session) */
router
  .group(() => {
    router.get('/login', [SessionController, 'create']).use(middleware.guest())
    router.post('/login', [SessionController, 'store']).use(middleware.guest())
    router.post('/logout', [SessionController, 'destroy'])

    router
      .group(() => {
        router.get('/dashboard', [PagesController, 'dashboard'])
        router.get('/admin/users', [PagesController, 'users']).use(middleware.can('users.manage'))
        router
          .get('/admin/settings', [PagesController, 'settings'])
          .use(middleware.can('settings.manage'))
      })
      .use(middleware.auth({ guards: ['web'] }))
  })
  .use(middleware.tenant())

/* Staff API (bearer tokens) */
router
  .group(() => {
    router.post('/auth/login', [TokensController, 'store'])
    router
      .group(() => {
        router.post('/auth/logout', [TokensController, 'destroy'])
        router.get('/auth/me', [TokensController, 'me'])

        router
          .get('/admin/settings', [SettingsController, 'show'])
          .use(middleware.can('settings.manage'))
        router
          .put('/admin/settings', [SettingsController, 'update'])
          .use(middleware.can('settings.manage'))
        router.get('/admin/users', [UsersController, 'index']).use(middleware.can('users.manage'))
        router.post('/admin/users', [UsersController, 'store']).use(middleware.can('users.manage'))
        router.get('/admin/roles', [RolesController, 'index']).use(middleware.can('roles.manage'))
        router.post('/admin/roles', [RolesController, 'store']).use(middleware.can('roles.manage'))
        router
          .put('/admin/roles/:id', [RolesController, 'update'])
          .where('id', router.matchers.number())
          .use(middleware.can('roles.manage'))
        router
          .get('/admin/branches', [BranchesController, 'index'])
          .use(middleware.can('settings.manage'))
        router
          .post('/admin/branches', [BranchesController, 'store'])
          .use(middleware.can('settings.manage'))
      })
      .use(middleware.auth({ guards: ['api'] }))
  })
  .prefix('/api')
  .use(middleware.tenant())
