/*
| Payments and the cash desk (spec §4, api-contract "Payments"): the staff
| API, the provider callbacks (public, verified by each provider's
| credentials) and the cash desk panel.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import '#services/payments/payment_settings'

const PaymentsController = () => import('#controllers/payments/payments_controller')
const PaymentWebhooksController = () => import('#controllers/payments/payment_webhooks_controller')
const CashDeskController = () => import('#controllers/payments/cash_desk_controller')
const PayReturnController = () => import('#controllers/payments/pay_return_controller')

const id = router.matchers.number()
const read = () => middleware.can('payments.read')
const write = () => middleware.can('payments.write')
const refund = () => middleware.can('payments.refund')

router
  .get('/cashier', [CashDeskController, 'show'])
  .as('cashier.page')
  .use([middleware.tenant(), middleware.auth({ guards: ['web'] }), read()])

/* The patient's page after paying online (signed link, no login) */
router
  .get('/pay/:id', [PayReturnController, 'show'])
  .where('id', id)
  .as('payments.return_page')
  .use(middleware.tenant())

/* Provider callbacks: no staff login; the tenant is the host's */
router
  .group(() => {
    router.post('/stripe/webhook', [PaymentWebhooksController, 'stripe'])
    router.post('/payme/webhook', [PaymentWebhooksController, 'payme'])
    router.post('/click/prepare', [PaymentWebhooksController, 'clickPrepare'])
    router.post('/click/complete', [PaymentWebhooksController, 'clickComplete'])
  })
  .prefix('/api/payments')
  .as('payments.webhooks')
  .use(middleware.tenant())

/* Staff API */
router
  .group(() => {
    router.post('/cash', [PaymentsController, 'cash']).use(write())
    router.post('/init', [PaymentsController, 'init']).use(write())
    router.get('/summary', [PaymentsController, 'summary']).use(read())
    router.get('/summary.csv', [PaymentsController, 'summaryCsv']).use(read())
    router.get('/summary.pdf', [PaymentsController, 'summaryPdf']).use(read())
    router.get('/desk/visits', [CashDeskController, 'visits']).use(read())
    router.get('/desk/visits/:id', [CashDeskController, 'visit']).where('id', id).use(read())
    router.get('/:id', [PaymentsController, 'show']).where('id', id).use(read())
    router
      .post('/:id/attach-visit', [PaymentsController, 'attachVisit'])
      .where('id', id)
      .use(write())
    router.post('/:id/refund', [PaymentsController, 'refund']).where('id', id).use(refund())
    router.get('/:id/receipt.pdf', [PaymentsController, 'receiptPdf']).where('id', id).use(read())
    router.post('/:id/print', [PaymentsController, 'print']).where('id', id).use(read())
  })
  .prefix('/api/payments')
  .as('payments')
  .use([middleware.tenant(), middleware.auth({ guards: ['api', 'web'] })])
