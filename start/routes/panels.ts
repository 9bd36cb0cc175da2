/*
| Form posts of the staff panels (session cookie + CSRF), inside a clinic.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminGuard } from '#services/admin/admin_guard'

const UsersPageController = () => import('#controllers/admin/users_page_controller')

router
  .group(() => {
    router.post('/admin/users', [UsersPageController, 'store']).use(middleware.can('users.manage'))
  })
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] }), adminGuard])
