import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/auth/session_controller')
const TokensController = () => import('#controllers/auth/tokens_controller')

/* Panels (session) */
router
  .group(() => {
    router.get('/login', [SessionController, 'create']).use(middleware.guest())
    router.post('/login', [SessionController, 'store']).use(middleware.guest())
    router.post('/logout', [SessionController, 'destroy'])
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
      })
      .use(middleware.auth({ guards: ['api'] }))
  })
  .prefix('/api')
  .use(middleware.tenant())
