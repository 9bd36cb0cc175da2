import { test } from '@japa/runner'
import Payment from '#models/payment'
import Setting from '#models/setting'
import PaymentRefund from '#models/payment_refund'
import PaymentWebhookAttempt from '#models/payment_webhook_attempt'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { useStripeEndpoint } from '#services/payments/providers/stripe_driver'
import { pollPendingPayments } from '#services/payments/payment_polling'
import settingsService from '#services/settings/settings_service'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { apiToken, inertiaPage } from '#tests/helpers/api'
import { setLocalTime } from '#tests/helpers/registry'
import { paymentClinic, STRIPE_KEY, stripeDelivery, stripeEvent } from '#tests/helpers/payments'
import { FakeStripeApi } from '#tests/fakes/stripe_api'

const SUM = 550_000_00
const fake = new FakeStripeApi()

/** A clinic whose visit has a Stripe Checkout Session made through the real SDK against the fake API. */
async function stripeOrder(client: any) {
  const tenant = await createTestTenant('str')
  const clinic = await paymentClinic(client, tenant)
  const init = await clinic.cashier.post('/api/payments/init', {
    provider: 'stripe',
    visit_id: clinic.visitId,
  })
  init.assertStatus(201)
  return { tenant, clinic, paymentId: init.body().payment_id as number, init: init.body() }
}

const completed = (
  paymentId: number,
  sessionId: string,
  overrides: Record<string, unknown> = {}
) => ({
  id: sessionId,
  object: 'checkout.session',
  amount_total: SUM,
  currency: 'uzs',
  client_reference_id: String(paymentId),
  metadata: { payment_id: String(paymentId) },
  payment_status: 'paid',
  status: 'complete',
  payment_intent: 'pi_test_123',
  ...overrides,
})

test.group('Payments: Stripe', (group) => {
  group.setup(async () => {
    await fake.start()
    useStripeEndpoint(fake.endpoint)
    return async () => {
      useStripeEndpoint(null)
      await fake.stop()
    }
  })
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('init creates a Checkout Session through the SDK: lines, metadata, idempotency key; checkout URL and QR', async ({
    client,
    assert,
  }) => {
    const before = fake.requests.length
    const { init, paymentId, tenant } = await stripeOrder(client)
    const request = fake.requests[before]
    assert.equal(request.method, 'POST')
    assert.equal(request.path, '/v1/checkout/sessions')
    assert.equal(request.authorization, `Bearer ${STRIPE_KEY}`)
    assert.equal(request.idempotencyKey, `tenant-${tenant.id}-payment-${paymentId}-checkout`)
    assert.equal(request.form.mode, 'payment')
    assert.equal(request.form.client_reference_id, String(paymentId))
    assert.equal(request.form.metadata.payment_id, String(paymentId))
    assert.equal(request.form.payment_intent_data.metadata.payment_id, String(paymentId))
    assert.deepEqual(
      request.form.line_items.map((line: any) => [
        line.price_data.product_data.name,
        line.price_data.unit_amount,
        line.price_data.currency,
      ]),
      [
        ['Консультация кардиолога', '25000000', 'uzs'],
        ['ЭхоКГ', '30000000', 'uzs'],
      ]
    )
    assert.match(
      request.form.success_url,
      new RegExp(`^http://${tenant.slug}\\.localhost:\\d+/pay/${paymentId}`)
    )
    assert.match(init.checkout_url, /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/)
    assert.equal(init.status, 'pending')
    assert.match(init.invoice_id, /^cs_test_/)
    assert.equal(fake.sessions.get(init.invoice_id)!.amount_total, SUM)
  })

  test('the patient returns to a signed page with the payment state; a guessed link is refused', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId, init } = await stripeOrder(client)
    const back = new URL(fake.sessions.get(init.invoice_id)!.success_url)
    const page = await client.get(`${back.pathname}${back.search}`).header('host', hostOf(tenant))
    page.assertStatus(200)
    const props = inertiaPage(page.text()).props
    assert.deepInclude(props.payment, { id: paymentId, status: 'pending', amount: SUM })
    const guessed = await client.get(`/pay/${paymentId}?s=forged`).header('host', hostOf(tenant))
    guessed.assertStatus(404)
    const other = await client
      .get(`/pay/${paymentId + 1}${back.search}`)
      .header('host', hostOf(tenant))
    other.assertStatus(404)
  })

  test('a valid webhook marks the payment and the visit paid; the same event replayed 10 times changes nothing more', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId, init } = await stripeOrder(client)
    const event = stripeEvent(
      'checkout.session.completed',
      completed(paymentId, init.invoice_id),
      'evt_test_paid_1'
    )
    const first = await stripeDelivery(client, tenant, event)
    first.assertStatus(200)
    assert.deepEqual(first.body(), { received: true })
    const replays = await Promise.all(
      Array.from({ length: 10 }, () => stripeDelivery(client, tenant, event))
    )
    for (const replay of replays) replay.assertStatus(200)
    await inTenant(tenant, async () => {
      const payment = await Payment.findOrFail(paymentId)
      assert.equal(payment.status, 'paid')
      assert.equal(payment.meta.payment_intent, 'pi_test_123')
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'paid')
      const attempts = await PaymentWebhookAttempt.query().where('external_id', 'evt_test_paid_1')
      assert.lengthOf(attempts, 11)
      assert.equal(attempts.filter((a) => a.outcome === 'accepted').length, 1)
    })

    /* Out of order: a failure that arrives after the success never undoes it. */
    const lateFailure = await stripeDelivery(
      client,
      tenant,
      stripeEvent(
        'checkout.session.async_payment_failed',
        completed(paymentId, init.invoice_id, { payment_status: 'unpaid' })
      )
    )
    lateFailure.assertStatus(200)
    await inTenant(tenant, async () =>
      assert.equal((await Payment.findOrFail(paymentId)).status, 'paid')
    )
  })

  test('invalid, forged, too old and unsigned deliveries are refused (400), logged, and change nothing', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId, init } = await stripeOrder(client)
    const event = stripeEvent('checkout.session.completed', completed(paymentId, init.invoice_id))

    const wrongSecret = await stripeDelivery(client, tenant, event, { secret: 'whsec_attacker' })
    wrongSecret.assertStatus(400)
    assert.equal(wrongSecret.body().error.code, 'WEBHOOK_SIGNATURE_INVALID')

    const tooOld = await stripeDelivery(client, tenant, event, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    })
    tooOld.assertStatus(400)

    const garbage = await stripeDelivery(client, tenant, event, { signature: 't=1,v1=deadbeef' })
    garbage.assertStatus(400)

    const unsigned = await client
      .post('/api/payments/stripe/webhook')
      .header('host', hostOf(tenant))
      .json(event)
    unsigned.assertStatus(400)

    const wrongAmount = await stripeDelivery(
      client,
      tenant,
      stripeEvent(
        'checkout.session.completed',
        completed(paymentId, init.invoice_id, { amount_total: 100 })
      )
    )
    wrongAmount.assertStatus(400)
    assert.equal(wrongAmount.body().error.code, 'PAYMENT_AMOUNT_MISMATCH')

    const wrongCurrency = await stripeDelivery(
      client,
      tenant,
      stripeEvent(
        'checkout.session.completed',
        completed(paymentId, init.invoice_id, { currency: 'usd' })
      )
    )
    wrongCurrency.assertStatus(400)

    const otherSession = await stripeDelivery(
      client,
      tenant,
      stripeEvent('checkout.session.completed', completed(paymentId, 'cs_test_someone_else'))
    )
    otherSession.assertStatus(400)

    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).status, 'pending')
      const rejected = await PaymentWebhookAttempt.query()
        .where('provider', 'stripe')
        .where('outcome', 'rejected')
      assert.lengthOf(rejected, 7)
    })

    const otherTenant = await createTestTenant('str')
    await paymentClinic(client, otherTenant)
    const crossTenant = await stripeDelivery(client, otherTenant, event)
    crossTenant.assertStatus(404)
  })

  test('a refund event: partial then full; a refund before the payment is paid asks Stripe to retry (409)', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId, init } = await stripeOrder(client)
    const early = await stripeDelivery(
      client,
      tenant,
      stripeEvent('charge.refunded', {
        id: 'ch_1',
        object: 'charge',
        currency: 'uzs',
        amount_refunded: 100_000_00,
        metadata: { payment_id: String(paymentId) },
      })
    )
    early.assertStatus(409)
    await stripeDelivery(
      client,
      tenant,
      stripeEvent('checkout.session.completed', completed(paymentId, init.invoice_id))
    )
    const partial = await stripeDelivery(
      client,
      tenant,
      stripeEvent('charge.refunded', {
        id: 'ch_1',
        object: 'charge',
        currency: 'uzs',
        amount_refunded: 100_000_00,
        metadata: { payment_id: String(paymentId) },
      })
    )
    partial.assertStatus(200)
    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'partial')
    })
    await stripeDelivery(
      client,
      tenant,
      stripeEvent('charge.refunded', {
        id: 'ch_1',
        object: 'charge',
        currency: 'uzs',
        amount_refunded: SUM,
        metadata: { payment_id: String(paymentId) },
      })
    )
    await inTenant(tenant, async () => {
      const payment = await Payment.findOrFail(paymentId)
      assert.equal(payment.status, 'refunded')
      assert.equal(payment.refundedAmount, SUM)
      assert.lengthOf(await PaymentRefund.query().where('payment_id', paymentId), 2)
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'refunded')
    })
  })

  test('a refund from the desk goes through the SDK; larger than paid is refused', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId, init } = await stripeOrder(client)
    await stripeDelivery(
      client,
      tenant,
      stripeEvent('checkout.session.completed', completed(paymentId, init.invoice_id))
    )
    const tooLarge = await clinic.cashier.post(`/api/payments/${paymentId}/refund`, {
      amount: SUM + 1,
    })
    tooLarge.assertStatus(409)
    assert.equal(tooLarge.body().error.code, 'REFUND_EXCEEDS_PAID')
    const refund = await clinic.cashier.post(`/api/payments/${paymentId}/refund`, {
      amount: 250_000_00,
    })
    refund.assertStatus(200)
    assert.equal(refund.body().refunded_amount, 250_000_00)
    const sent = fake.refunds.at(-1)!
    assert.equal(sent.payment_intent, 'pi_test_123')
    assert.equal(sent.amount, 250_000_00)
    /* Stripe then tells us about the refund we made: nothing counted twice. */
    await stripeDelivery(
      client,
      tenant,
      stripeEvent('charge.refunded', {
        id: 'ch_2',
        object: 'charge',
        currency: 'uzs',
        amount_refunded: 250_000_00,
        metadata: { payment_id: String(paymentId) },
      })
    )
    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).refundedAmount, 250_000_00)
      assert.lengthOf(await PaymentRefund.query().where('payment_id', paymentId), 1)
    })
  })

  test('PAY-T3: a pending payment with no webhook is resolved by the polling job (Checkout Session retrieved)', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId, init } = await stripeOrder(client)
    await inTenant(tenant, async () => {
      assert.deepEqual(await pollPendingPayments(), { checked: 0, resolved: 0 }, 'not due for 30 s')
      clock.set(clock.now().plus({ seconds: 31 }).toISO()!)
      assert.deepEqual(
        await pollPendingPayments(),
        { checked: 1, resolved: 0 },
        'still open at Stripe'
      )
      fake.complete(init.invoice_id)
      clock.set(clock.now().plus({ seconds: 31 }).toISO()!)
      assert.deepEqual(await pollPendingPayments(), { checked: 1, resolved: 1 })
      assert.equal((await Payment.findOrFail(paymentId)).status, 'paid')
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'paid')
    })
  })

  test('PAY-T6: a disabled provider is refused at init; a failing provider API marks the payment failed (502)', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('str')
    const clinic = await paymentClinic(client, tenant)
    await inTenant(tenant, () =>
      settingsService.update({ 'payments.stripe.enabled': false }, undefined)
    )
    const disabled = await clinic.cashier.post('/api/payments/init', {
      provider: 'stripe',
      visit_id: clinic.visitId,
    })
    disabled.assertStatus(409)
    assert.equal(disabled.body().error.code, 'PAYMENT_PROVIDER_DISABLED')

    await inTenant(tenant, () =>
      settingsService.update(
        { 'payments.stripe.enabled': true, 'payments.stripe.secret_key': 'rk_test_revoked' },
        undefined
      )
    )
    const broken = await clinic.cashier.post('/api/payments/init', {
      provider: 'stripe',
      visit_id: clinic.visitId,
    })
    broken.assertStatus(502)
    assert.equal(broken.body().error.code, 'PAYMENT_PROVIDER_ERROR')
    await inTenant(tenant, async () => {
      const payments = await Payment.all()
      assert.deepEqual(
        payments.map((p) => p.status),
        ['failed']
      )
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'unpaid')
    })
  })

  test('secrets are stored encrypted and shown masked; a masked value sent back keeps the key', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('str')
    const clinic = await paymentClinic(client, tenant)
    const token = await apiToken(client, tenant)
    const settings = await client
      .get('/api/admin/settings')
      .header('host', hostOf(tenant))
      .bearerToken(token)
    settings.assertStatus(200)
    const shown = settings.body().values['payments.stripe.secret_key']
    assert.match(shown, /^••••/)
    assert.notInclude(JSON.stringify(settings.body()), STRIPE_KEY)
    assert.notInclude(JSON.stringify(settings.body()), 'payme-test-key')
    await inTenant(tenant, async () => {
      const row = await Setting.findByOrFail('key', 'payments.stripe.secret_key')
      assert.isString(row.value)
      assert.notInclude(String(row.value), STRIPE_KEY)
    })
    const resaved = await client
      .put('/api/admin/settings')
      .header('host', hostOf(tenant))
      .bearerToken(token)
      .json({ values: { 'payments.stripe.secret_key': shown } })
    resaved.assertStatus(200)
    const init = await clinic.cashier.post('/api/payments/init', {
      provider: 'stripe',
      visit_id: clinic.visitId,
    })
    init.assertStatus(201)
    assert.equal(
      fake.requests.at(-1)!.authorization,
      `Bearer ${STRIPE_KEY}`,
      'the key still works after the masked round trip'
    )
  })
})
