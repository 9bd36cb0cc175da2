/*
| Display boards and calling (issue 4): board devices in admin, the board's
| own page and state (key, no login), and the calling flow for staff.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminGuard } from '#services/admin/admin_guard'

const BoardsController = () => import('#controllers/admin/boards_controller')
const BoardDisplayController = () => import('#controllers/board/board_display_controller')
const CallingController = () => import('#controllers/queue/calling_controller')
const DoctorQueuePageController = () => import('#controllers/queue/doctor_queue_page_controller')
const BoardsPageController = () => import('#controllers/admin/boards_page_controller')

const id = router.matchers.number()
const staff = () => middleware.auth({ guards: ['api', 'web'] })

/* Admin: board devices */
router
  .group(() => {
    router.get('/boards', [BoardsController, 'index'])
    router.post('/boards', [BoardsController, 'store'])
    router.get('/boards/:id', [BoardsController, 'show']).where('id', id)
    router.put('/boards/:id', [BoardsController, 'update']).where('id', id)
    router.delete('/boards/:id', [BoardsController, 'destroy']).where('id', id)
    router.post('/boards/:id/rotate-key', [BoardsController, 'rotateKey']).where('id', id)
    router.post('/boards/:id/media', [BoardsController, 'uploadMedia']).where('id', id)
    router
      .put('/boards/:id/media/:mediaId', [BoardsController, 'updateMedia'])
      .where('id', id)
      .where('mediaId', id)
    router
      .delete('/boards/:id/media/:mediaId', [BoardsController, 'destroyMedia'])
      .where('id', id)
      .where('mediaId', id)
  })
  .prefix('/api/admin')
  .use([middleware.tenant(), staff(), adminGuard, middleware.can('settings.manage')])

router
  .get('/admin/boards', [BoardsPageController, 'show'])
  .use([
    middleware.tenant(),
    middleware.auth({ guards: ['web'] }),
    adminGuard,
    middleware.can('settings.manage'),
  ])

/* Staff: the calling flow (BRD-R6: only who may call) */
router
  .group(() => {
    router.post('/queue/call-next', [CallingController, 'callNext'])
    router
      .post('/queue/entries/:entryId/:action', [CallingController, 'act'])
      .where('entryId', id)
      .where('action', /^(recall|skip|freeze|return|start|finish)$/)
    router
      .post('/queue/entries/:entryId/transfer', [CallingController, 'transfer'])
      .where('entryId', id)
  })
  .prefix('/api')
  .use([middleware.tenant(), staff(), middleware.can('queue.call')])

router
  .get('/doctor/queue', [DoctorQueuePageController, 'show'])
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] }), middleware.can('queue.call')])

/* The board device: no login, the key opens it */
router.get('/api/board/state', [BoardDisplayController, 'state']).use(middleware.tenant())
router.get('/display/:key', [BoardDisplayController, 'page']).use(middleware.tenant())
router
  .get('/display/:key/media/:id', [BoardDisplayController, 'media'])
  .where('id', id)
  .use(middleware.tenant())
router
  .get('/display/:key/doctors/:id/photo', [BoardDisplayController, 'doctorPhoto'])
  .where('id', id)
  .use(middleware.tenant())
