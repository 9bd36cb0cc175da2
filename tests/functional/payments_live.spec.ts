import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import Branch from '#models/branch'
import User from '#models/user'
import { clock } from '#services/clock'
import { useStripeEndpoint } from '#services/payments/providers/stripe_driver'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { setLocalTime } from '#tests/helpers/registry'
import { SseClient } from '#tests/helpers/sse'
import { subscribe } from '#tests/helpers/boards'
import { click, payme, paymentClinic, stripeDelivery, stripeEvent } from '#tests/helpers/payments'
import { FakeStripeApi } from '#tests/fakes/stripe_api'

const SUM = 550_000_00
const fake = new FakeStripeApi()

/**
 * A clinic with an online payment of `provider` pending for its visit, and a
 * cashier's stream subscribed to the channel the cash desk page listens on
 * (the visit's branch payments) plus the registrar's registry stream.
 */
async function liveOrder(client: ApiClient, provider: 'payme' | 'click' | 'stripe') {
  const tenant = await createTestTenant('live')
  const clinic = await paymentClinic(client, tenant)
  const init = await clinic.cashier.post('/api/payments/init', {
    provider,
    visit_id: clinic.visitId,
  })
  init.assertStatus(201)
  const desk = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
  const channel = desk.body().live_channel as string
  const branchId = await inTenant(tenant, async () => (await Branch.firstOrFail()).id)

  const cashierSse = new SseClient(hostOf(tenant))
  const registrySse = new SseClient(hostOf(tenant))
  await Promise.all([cashierSse.open(), registrySse.open()])
  const cashierToken = await apiToken(client, tenant, 'cashier')
  const registrarToken = await apiToken(client, tenant, 'registrar')
  ;(await subscribe(client, tenant, cashierSse, channel, { token: cashierToken })).assertStatus(204)
  ;(
    await subscribe(
      client,
      tenant,
      registrySse,
      `tenant/${tenant.id}/branch/${branchId}/registry`,
      {
        token: registrarToken,
      }
    )
  ).assertStatus(204)
  return {
    tenant,
    clinic,
    channel,
    branchId,
    paymentId: init.body().payment_id as number,
    invoiceId: init.body().invoice_id as string,
    cashierSse,
    registrySse,
    close: () => {
      cashierSse.close()
      registrySse.close()
    },
  }
}

/** The cash desk hears its payment settle; the registry row hears the visit turn paid. */
async function expectPaid(order: Awaited<ReturnType<typeof liveOrder>>) {
  const desk = await order.cashierSse.waitFor(
    (m) =>
      m.payload.event === 'payment.status_changed' &&
      m.payload.payment_id === order.paymentId &&
      m.payload.payment_status === 'paid',
    2000
  )
  const registry = await order.registrySse.waitFor(
    (m) =>
      m.payload.event === 'payment.status_changed' &&
      m.payload.visit_id === order.clinic.visitId &&
      m.payload.new_status === 'paid',
    2000
  )
  return { desk: desk.payload, registry: registry.payload }
}

test.group('Payments: the live cash desk', (group) => {
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

  test('Payme PerformTransaction reaches the cash desk channel and the registry; a cancel after it publishes refunded', async ({
    client,
    assert: expect,
  }) => {
    const order = await liveOrder(client, 'payme')
    try {
      expect.equal(order.channel, `tenant/${order.tenant.id}/branch/${order.branchId}/payments`)
      const account = { payment_id: String(order.paymentId) }
      const created = await payme(client, order.tenant, 'CreateTransaction', {
        id: 'payme-live-1',
        time: clock.now().toMillis(),
        amount: SUM,
        account,
      })
      expect.equal(created.body().result.state, 1)
      ;(
        await payme(client, order.tenant, 'PerformTransaction', { id: 'payme-live-1' })
      ).assertStatus(200)
      const { desk } = await expectPaid(order)
      expect.include(desk, {
        provider: 'payme',
        amount: SUM,
        currency: 'UZS',
        visit_id: order.clinic.visitId,
        new_status: 'paid',
      })

      ;(
        await payme(client, order.tenant, 'CancelTransaction', { id: 'payme-live-1', reason: 5 })
      ).assertStatus(200)
      await order.cashierSse.waitFor(
        (m) => m.payload.payment_id === order.paymentId && m.payload.payment_status === 'refunded',
        2000
      )
    } finally {
      order.close()
    }
  })

  test('Click complete reaches the cash desk channel and the registry', async ({ client }) => {
    const order = await liveOrder(client, 'click')
    try {
      const fields = {
        click_trans_id: 9101,
        merchant_trans_id: order.paymentId,
        amount: '550000.00',
      }
      const prepared = await click(client, order.tenant, 'prepare', fields)
      ;(
        await click(client, order.tenant, 'complete', {
          ...fields,
          merchant_prepare_id: prepared.body().merchant_prepare_id,
        })
      ).assertStatus(200)
      await expectPaid(order)
    } finally {
      order.close()
    }
  })

  test('a Stripe webhook reaches the cash desk channel and the registry', async ({ client }) => {
    const order = await liveOrder(client, 'stripe')
    try {
      const session = {
        id: order.invoiceId,
        object: 'checkout.session',
        amount_total: SUM,
        currency: 'uzs',
        client_reference_id: String(order.paymentId),
        metadata: { payment_id: String(order.paymentId) },
        payment_status: 'paid',
        status: 'complete',
        payment_intent: 'pi_live_1',
      }
      ;(
        await stripeDelivery(
          client,
          order.tenant,
          stripeEvent('checkout.session.completed', session)
        )
      ).assertStatus(200)
      await expectPaid(order)
    } finally {
      order.close()
    }
  })

  test('the payments channel is for staff who read payments, in their branch', async ({
    client,
    assert: expect,
  }) => {
    const tenant = await createTestTenant('live')
    await paymentClinic(client, tenant)
    const branches = await inTenant(tenant, async () => {
      const main = await Branch.firstOrFail()
      const other = await Branch.create({ name: 'Чиланзар', timezone: 'Asia/Tashkent' })
      await User.query().where('login', 'cashier').update({ branch_id: other.id })
      return { main: main.id, other: other.id }
    })
    const sse = new SseClient(hostOf(tenant))
    await sse.open()
    try {
      const channel = (id: number) => `tenant/${tenant.id}/branch/${id}/payments`
      const doctor = await apiToken(client, tenant, 'doctor')
      const cashier = await apiToken(client, tenant, 'cashier')
      const statuses = [
        (await subscribe(client, tenant, sse, channel(branches.main), { token: doctor })).status(),
        (await subscribe(client, tenant, sse, channel(branches.main), { token: cashier })).status(),
        (await subscribe(client, tenant, sse, channel(branches.main))).status(),
        (
          await subscribe(client, tenant, sse, channel(branches.other), { token: cashier })
        ).status(),
      ]
      expect.deepEqual(statuses, [403, 403, 403, 204])
    } finally {
      sse.close()
    }
  })
})
