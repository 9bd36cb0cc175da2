import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const TenantsController = () => import('#controllers/platform/tenants_controller')

/** Operator API on the platform host. */
router
  .group(() => {
    router.get('/tenants', [TenantsController, 'index'])
    router.post('/tenants', [TenantsController, 'store'])
  })
  .prefix('/api/platform')
  .use([middleware.platform(), middleware.operator()])
