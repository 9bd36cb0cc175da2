/*
| Tickets, printed documents and the public QR queue page (spec §1.7, §2.6):
| ESC/POS and PDF tickets, network printing with a PDF fallback, the QR
| poster, the registry's PDF export, workstations and /q/<token>.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminGuard } from '#services/admin/admin_guard'

const TicketsController = () => import('#controllers/printing/tickets_controller')
const PostersController = () => import('#controllers/printing/posters_controller')
const RegistryExportController = () => import('#controllers/printing/registry_export_controller')
const WorkstationsController = () => import('#controllers/printing/workstations_controller')
const PrintTemplatesController = () => import('#controllers/printing/print_templates_controller')
const JoinPageController = () => import('#controllers/public_queue/join_page_controller')

const id = router.matchers.number()

/* Staff API: bearer token or the panel's session */
router
  .group(() => {
    router
      .post('/queue/print-ticket/:entryId', [TicketsController, 'show'])
      .where('entryId', id)
      .as('tickets.print_bytes')
      .use(middleware.can('registry.write'))
    /* The "Open print" window: the same ticket as a PDF the browser can print. */
    router
      .get('/queue/print-ticket/:entryId', [TicketsController, 'show'])
      .where('entryId', id)
      .as('tickets.open_pdf')
      .use(middleware.can('registry.write'))
    router
      .post('/print/ticket', [TicketsController, 'print'])
      .as('tickets.print')
      .use(middleware.can('registry.write'))
    router
      .get('/queue/poster.pdf', [PostersController, 'show'])
      .as('queue.poster')
      .use(middleware.can('registry.write'))
    router
      .get('/registry/export.pdf', [RegistryExportController, 'show'])
      .as('registry.export_pdf')
      .use(middleware.can('registry.read'))

    router
      .group(() => {
        router.get('/', [WorkstationsController, 'index'])
        router.post('/', [WorkstationsController, 'store'])
        router.get('/:id', [WorkstationsController, 'show']).where('id', id)
        router.put('/:id', [WorkstationsController, 'update']).where('id', id)
        router.delete('/:id', [WorkstationsController, 'destroy']).where('id', id)
      })
      .prefix('/admin/workstations')
      .as('workstations')
      .use([adminGuard, middleware.can('settings.manage')])

    /* A clinic's own receipt and ticket templates: the built-in source, variables, a PDF preview */
    const template = { match: /^(receipt|ticket)$/ }
    router
      .group(() => {
        router.get('/:name', [PrintTemplatesController, 'show']).where('name', template)
        router.post('/:name/preview', [PrintTemplatesController, 'preview']).where('name', template)
      })
      .prefix('/admin/print-templates')
      .as('print_templates')
      .use([adminGuard, middleware.can('settings.manage')])
  })
  .prefix('/api')
  .use([middleware.tenant(), middleware.auth({ guards: ['api', 'web'] })])

/* Public: the page behind the morning QR code */
router.get('/q/:token', [JoinPageController, 'show']).as('queue.join_page').use(middleware.tenant())
