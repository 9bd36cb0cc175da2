/*
| Registry and queues (spec §1-3): the desk panel, the staff API (bearer
| token or the panel's session) and the public queue join.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const RegistryPageController = () => import('#controllers/registry/registry_page_controller')

router
  .get('/registry', [RegistryPageController, 'show'])
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] }), middleware.can('registry.read')])
