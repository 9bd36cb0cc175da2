/*
| Routes. The platform (bare domain) and clinic (tenant host) routes live in
| separate files; plugin routes are mounted by the plugin kernel.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const HealthController = () => import('#controllers/health_controller')
const PagesController = () => import('#controllers/pages_controller')

router.get('/health', [HealthController, 'show'])
router.get('/', [PagesController, 'home']).use(middleware.silentAuth())

await import('#start/routes/platform')
await import('#start/routes/tenant')
await import('#start/routes/plugins')
await import('#start/routes/panels')
await import('#start/routes/registry')
await import('#start/routes/printing')
await import('#start/routes/boards')
await import('#start/routes/admin')
await import('#start/routes/payments')
