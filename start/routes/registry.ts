/*
| Registry and queues (spec §1-3): the desk panel, the staff API (bearer
| token or the panel's session) and the public queue join.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const RegistryPageController = () => import('#controllers/registry/registry_page_controller')
const RegistryController = () => import('#controllers/registry/registry_controller')
const PatientsController = () => import('#controllers/registry/patients_controller')
const VisitsController = () => import('#controllers/registry/visits_controller')
const QueueController = () => import('#controllers/queue/queue_controller')
const ScheduleController = () => import('#controllers/registry/schedule_controller')
const DeskNumbersController = () => import('#controllers/registry/desk_numbers_controller')

router
  .get('/registry', [RegistryPageController, 'show'])
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] }), middleware.can('registry.read')])

const staff = () => middleware.auth({ guards: ['api', 'web'] })
const read = () => middleware.can('registry.read')
const write = () => middleware.can('registry.write')
const id = router.matchers.number()

/* Staff API */
router
  .group(() => {
    router.get('/registry', [RegistryController, 'index']).use(read())
    router.get('/registry/export.csv', [RegistryController, 'exportCsv']).use(read())
    router.get('/registry/online-holders', [DeskNumbersController, 'onlineHolders']).use(read())
    router.post('/queue/reserve', [DeskNumbersController, 'reserve']).use(write())
    router.post('/registry/rows', [RegistryController, 'store']).use(write())
    router.get('/calendar', [RegistryController, 'calendar']).use(read())
    router
      .get('/calendar/doctor/:doctor_id', [RegistryController, 'calendar'])
      .as('registry.doctor_calendar')
      .use(read())

    router.get('/patients', [PatientsController, 'index']).use(read())
    router.post('/patients', [PatientsController, 'store']).use(write())
    for (const method of ['patch', 'put'] as const) {
      router[method]('/patients/:id', [PatientsController, 'update'])
        .as(`patients.${method}`)
        .where('id', id)
        .use(middleware.can('patients.write'))
    }
    router
      .post('/patients/:id/merge', [PatientsController, 'merge'])
      .where('id', id)
      .use([middleware.can('patients.write'), write()])

    router.post('/visits', [VisitsController, 'store']).use(write())
    router.patch('/visits/:id', [VisitsController, 'update']).where('id', id).use(write())
    router
      .patch('/visits/:id/status', [VisitsController, 'updateStatus'])
      .where('id', id)
      .use(write())
    router
      .post('/appointments/:id/confirm', [VisitsController, 'confirm'])
      .where('id', id)
      .use(write())
    router
      .post('/appointments/:id/cancel', [VisitsController, 'cancel'])
      .where('id', id)
      .use(write())
    router
      .post('/appointments/:id/reschedule', [VisitsController, 'reschedule'])
      .where('id', id)
      .use(write())

    router.get('/appointments/slots', [ScheduleController, 'slots']).use(read())
    router.post('/schedule/closures', [ScheduleController, 'close']).use(write())
    router
      .delete('/schedule/closures/:id', [ScheduleController, 'reopen'])
      .where('id', id)
      .use(write())

    for (const prefix of ['queue', 'online-queue']) {
      router
        .post(`/${prefix}/qrcode`, [QueueController, 'qrcode'])
        .as(`${prefix}.qrcode`)
        .use(write())
      router.post(`/${prefix}/open`, [QueueController, 'open']).as(`${prefix}.open`).use(write())
    }
    router.get('/queue/today', [QueueController, 'today']).use(middleware.can('queue.call'))
    router
      .post('/queue/call/:entryId', [QueueController, 'call'])
      .where('entryId', id)
      .use(middleware.can('queue.call'))
  })
  .prefix('/api')
  .use([middleware.tenant(), staff()])

/* Public: patients join from the QR page, the bot or the PWA (rate-limited) */
router
  .group(() => {
    router.post('/queue/join', [QueueController, 'join'])
    router.post('/online-queue/join', [QueueController, 'join']).as('online-queue.join')
    router.get('/queue/join-status', [QueueController, 'joinStatus'])
  })
  .prefix('/api')
  .use(middleware.tenant())
