import { test } from '@japa/runner'
import Payment from '#models/payment'
import PaymentWebhookAttempt from '#models/payment_webhook_attempt'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { PAYME_TIMEOUT_MS } from '#services/payments/payme_merchant_api'
import { paymeCheckoutUrl } from '#services/payments/providers/payme_driver'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { setLocalTime } from '#tests/helpers/registry'
import { PAYME_KEY, payme, paymentClinic } from '#tests/helpers/payments'

const SUM = 550_000_00

/** A clinic with a Payme payment for its visit, initiated at the desk. */
async function paymeOrder(client: any) {
  const tenant = await createTestTenant('pme')
  const clinic = await paymentClinic(client, tenant)
  const init = await clinic.cashier.post('/api/payments/init', {
    provider: 'payme',
    visit_id: clinic.visitId,
  })
  init.assertStatus(201)
  return { tenant, clinic, paymentId: init.body().payment_id as number, init: init.body() }
}

const account = (paymentId: number) => ({ payment_id: String(paymentId) })
const now = () => clock.now().toMillis()

async function visitStatus(tenant: Tenant, visitId: number) {
  return inTenant(tenant, async () => (await Visit.findOrFail(visitId)).paymentStatus)
}

test.group('Payments: Payme Merchant API', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('init gives the checkout link (base64 m=…;ac.payment_id=…;a=…) on test.paycom.uz and a QR', async ({
    client,
    assert,
  }) => {
    const { init, paymentId } = await paymeOrder(client)
    assert.equal(init.status, 'pending')
    assert.match(init.checkout_url, /^https:\/\/test\.paycom\.uz\//)
    const decoded = Buffer.from(init.checkout_url.split('/').pop(), 'base64').toString()
    assert.match(
      decoded,
      new RegExp(`^m=5e730e8e0b852a417aa49ceb;ac\\.payment_id=${paymentId};a=${SUM}`)
    )
    assert.equal(init.qr_payload, init.checkout_url)
    assert.match(init.qr_svg, /^<svg/)
    assert.match(
      paymeCheckoutUrl({ testMode: false, merchantId: 'm1', key: 'k' }, { id: 7, amount: 100 }),
      /^https:\/\/checkout\.paycom\.uz\/bT1tMTthYy5wYXltZW50X2lkPTc7YT0xMDA=$/
    )
  })

  test('happy path: check → create → perform → check; the visit turns paid once', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await paymeOrder(client)
    const check = await payme(client, tenant, 'CheckPerformTransaction', {
      amount: SUM,
      account: account(paymentId),
    })
    check.assertStatus(200)
    assert.deepEqual(check.body(), { jsonrpc: '2.0', id: 1, result: { allow: true } })

    const time = now()
    const created = await payme(client, tenant, 'CreateTransaction', {
      id: 'payme-tx-1',
      time,
      amount: SUM,
      account: account(paymentId),
    })
    assert.equal(created.body().result.state, 1)
    assert.equal(created.body().result.create_time, now())
    const ourId = created.body().result.transaction
    assert.isString(ourId)

    const repeat = await payme(client, tenant, 'CreateTransaction', {
      id: 'payme-tx-1',
      time,
      amount: SUM,
      account: account(paymentId),
    })
    assert.deepEqual(
      repeat.body().result,
      created.body().result,
      'create twice: the same transaction'
    )

    clock.set('2026-03-02T08:31:00', 'Asia/Tashkent')
    const performed = await payme(client, tenant, 'PerformTransaction', { id: 'payme-tx-1' })
    assert.deepEqual(performed.body().result, { transaction: ourId, perform_time: now(), state: 2 })
    assert.equal(await visitStatus(tenant, clinic.visitId), 'paid')

    clock.set('2026-03-02T08:32:00', 'Asia/Tashkent')
    const again = await payme(client, tenant, 'PerformTransaction', { id: 'payme-tx-1' })
    assert.deepEqual(
      again.body().result,
      performed.body().result,
      'perform twice: the same answer, no change'
    )

    const state = await payme(client, tenant, 'CheckTransaction', { id: 'payme-tx-1' })
    assert.deepEqual(state.body().result, {
      create_time: created.body().result.create_time,
      perform_time: performed.body().result.perform_time,
      cancel_time: 0,
      transaction: ourId,
      state: 2,
      reason: null,
    })

    const statement = await payme(client, tenant, 'GetStatement', {
      from: time - 1000,
      to: time + 1000,
    })
    assert.lengthOf(statement.body().result.transactions, 1)
    assert.deepInclude(statement.body().result.transactions[0], {
      id: 'payme-tx-1',
      time,
      amount: SUM,
      account: account(paymentId),
      state: 2,
      transaction: ourId,
    })

    const afterPaid = await payme(client, tenant, 'CheckPerformTransaction', {
      amount: SUM,
      account: account(paymentId),
    })
    assert.equal(afterPaid.body().error.code, -31051)

    const receipt = await clinic.cashier.get(`/api/payments/${paymentId}/receipt.pdf`)
    receipt.assertStatus(200)
    await inTenant(tenant, async () => {
      const attempts = await PaymentWebhookAttempt.query().where('provider', 'payme').orderBy('id')
      assert.deepEqual(
        attempts.map((a) => [a.action, a.outcome]),
        [
          ['CheckPerformTransaction', 'accepted'],
          ['CreateTransaction', 'accepted'],
          ['CreateTransaction', 'duplicate'],
          ['PerformTransaction', 'accepted'],
          ['PerformTransaction', 'duplicate'],
          ['CheckTransaction', 'accepted'],
          ['GetStatement', 'accepted'],
          ['CheckPerformTransaction', 'rejected'],
        ]
      )
    })
  })

  test('wrong amount, unknown account, wrong credentials, unknown method and transaction: Payme error codes with ru/uz/en messages', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId } = await paymeOrder(client)
    const wrongAmount = await payme(client, tenant, 'CheckPerformTransaction', {
      amount: SUM - 100,
      account: account(paymentId),
    })
    wrongAmount.assertStatus(200)
    assert.equal(wrongAmount.body().error.code, -31001)
    assert.deepEqual(wrongAmount.body().error.message, {
      ru: 'Неверная сумма',
      uz: 'Notoʻgʻri summa',
      en: 'Wrong amount',
    })

    const unknown = await payme(client, tenant, 'CheckPerformTransaction', {
      amount: SUM,
      account: { payment_id: '999999' },
    })
    assert.equal(unknown.body().error.code, -31050)
    assert.equal(unknown.body().error.data, 'payment_id')

    const garbage = await payme(client, tenant, 'CreateTransaction', {
      id: 'tx-x',
      time: now(),
      amount: SUM,
      account: { payment_id: 'abc' },
    })
    assert.equal(garbage.body().error.code, -31050)

    const badKey = await payme(
      client,
      tenant,
      'CheckPerformTransaction',
      { amount: SUM, account: account(paymentId) },
      'wrong-key'
    )
    badKey.assertStatus(200)
    assert.equal(badKey.body().error.code, -32504)
    assert.equal(badKey.body().error.message.en, 'Insufficient privileges to perform this method')

    const noMethod = await payme(client, tenant, 'DropDatabase', {})
    assert.equal(noMethod.body().error.code, -32601)

    const noTx = await payme(client, tenant, 'PerformTransaction', { id: 'never-created' })
    assert.equal(noTx.body().error.code, -31003)
    const noTxCancel = await payme(client, tenant, 'CancelTransaction', {
      id: 'never-created',
      reason: 1,
    })
    assert.equal(noTxCancel.body().error.code, -31003)

    const noId = await payme(client, tenant, 'CreateTransaction', {
      time: now(),
      amount: SUM,
      account: account(paymentId),
    })
    assert.equal(noId.body().error.code, -32600)

    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).status, 'pending')
      const rejected = await PaymentWebhookAttempt.query().where('outcome', 'rejected')
      assert.lengthOf(rejected, 8)
    })
  })

  test('a body that is no JSON-RPC request gets HTTP 200 with -32700; a request without a method or with odd params -32600', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId } = await paymeOrder(client)
    const raw = (body: string, type = 'application/json') =>
      client
        .post('/api/payments/payme/webhook')
        .header('host', hostOf(tenant))
        .header('authorization', `Basic ${Buffer.from(`Paycom:${PAYME_KEY}`).toString('base64')}`)
        .unsafeJson(body)
        .type(type)

    for (const [body, type] of [
      ['{"jsonrpc": "2.0", "id": 1, "method": ', 'application/json'],
      ['[{"jsonrpc": "2.0", "id": 1}]', 'application/json'],
      ['42', 'application/json'],
      ['null', 'application/json'],
      ['method=CheckTransaction', 'text/plain'],
    ]) {
      const answer = await raw(body, type)
      assert.equal(answer.status(), 200, body)
      assert.equal(answer.body().error.code, -32700, body)
      assert.isNull(answer.body().id)
      assert.equal(answer.body().error.message.en, 'JSON parse error')
    }

    const noMethod = await raw('{"jsonrpc": "2.0", "id": 7, "params": {}}')
    noMethod.assertStatus(200)
    assert.equal(noMethod.body().error.code, -32600)
    assert.equal(noMethod.body().id, 7)
    const oddParams = await raw(
      '{"jsonrpc": "2.0", "id": 8, "method": "CheckPerformTransaction", "params": [1]}'
    )
    assert.equal(oddParams.body().error.code, -32600)
    assert.equal(oddParams.body().error.data, 'params')

    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).status, 'pending')
      const attempts = await PaymentWebhookAttempt.query().where('provider', 'payme').orderBy('id')
      assert.deepEqual(
        attempts.map((a) => Number(a.errorCode)),
        [-32700, -32700, -32700, -32700, -32700, -32600, -32600]
      )
      assert.equal(attempts[0].request, '{"jsonrpc": "2.0", "id": 1, "method": ')
    })
  })

  test('another transaction for an order that is already awaiting one is refused (-31099)', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId } = await paymeOrder(client)
    const first = await payme(client, tenant, 'CreateTransaction', {
      id: 'tx-a',
      time: now(),
      amount: SUM,
      account: account(paymentId),
    })
    assert.equal(first.body().result.state, 1)
    const second = await payme(client, tenant, 'CreateTransaction', {
      id: 'tx-b',
      time: now(),
      amount: SUM,
      account: account(paymentId),
    })
    assert.equal(second.body().error.code, -31099)
  })

  test('cancel before perform (-1), then perform is refused; a desk refund points to the Payme cabinet; cancel after perform (-2) refunds the visit', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await paymeOrder(client)
    await payme(client, tenant, 'CreateTransaction', {
      id: 'tx-c',
      time: now(),
      amount: SUM,
      account: account(paymentId),
    })
    const canceled = await payme(client, tenant, 'CancelTransaction', { id: 'tx-c', reason: 3 })
    assert.equal(canceled.body().result.state, -1)
    assert.equal(canceled.body().result.cancel_time, now())
    const cancelAgain = await payme(client, tenant, 'CancelTransaction', { id: 'tx-c', reason: 3 })
    assert.deepEqual(cancelAgain.body().result, canceled.body().result)
    const perform = await payme(client, tenant, 'PerformTransaction', { id: 'tx-c' })
    assert.equal(perform.body().error.code, -31008)
    await inTenant(tenant, async () =>
      assert.equal((await Payment.findOrFail(paymentId)).status, 'canceled')
    )

    /* A new payment of the same visit: performed, then canceled by Payme (a refund). */
    const init = await clinic.cashier.post('/api/payments/init', {
      provider: 'payme',
      visit_id: clinic.visitId,
    })
    const second = init.body().payment_id
    await payme(client, tenant, 'CreateTransaction', {
      id: 'tx-d',
      time: now(),
      amount: SUM,
      account: account(second),
    })
    await payme(client, tenant, 'PerformTransaction', { id: 'tx-d' })
    assert.equal(await visitStatus(tenant, clinic.visitId), 'paid')
    /* Payme has no refund call for the merchant: the desk is told to cancel in the Payme cabinet. */
    const fromDesk = await clinic.cashier
      .post(`/api/payments/${second}/refund`, {})
      .header('accept-language', 'en')
    fromDesk.assertStatus(409)
    assert.equal(fromDesk.body().error.code, 'REFUND_AT_PROVIDER')
    assert.equal(
      fromDesk.body().error.message,
      'Refund this payment in the Payme merchant cabinet: cancel the payment there, and Payme reports the refund to the clinic.'
    )
    assert.equal(await visitStatus(tenant, clinic.visitId), 'paid')
    const refund = await payme(client, tenant, 'CancelTransaction', { id: 'tx-d', reason: 5 })
    assert.equal(refund.body().result.state, -2)
    const state = await payme(client, tenant, 'CheckTransaction', { id: 'tx-d' })
    assert.equal(state.body().result.state, -2)
    assert.equal(state.body().result.reason, 5)
    assert.equal(await visitStatus(tenant, clinic.visitId), 'refunded')
    await inTenant(tenant, async () => {
      const payment = await Payment.findOrFail(second)
      assert.equal(payment.status, 'refunded')
      assert.equal(payment.refundedAmount, SUM)
    })
  })

  test('transaction timeout: after 12 hours perform is refused and the transaction is canceled with reason 4', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId } = await paymeOrder(client)
    const created = await payme(client, tenant, 'CreateTransaction', {
      id: 'tx-t',
      time: now(),
      amount: SUM,
      account: account(paymentId),
    })
    assert.equal(created.body().result.state, 1)
    clock.set(
      clock
        .now()
        .plus({ milliseconds: PAYME_TIMEOUT_MS + 1000 })
        .toISO()!
    )
    const perform = await payme(client, tenant, 'PerformTransaction', { id: 'tx-t' })
    assert.equal(perform.body().error.code, -31008)
    const state = await payme(client, tenant, 'CheckTransaction', { id: 'tx-t' })
    assert.equal(state.body().result.state, -1)
    assert.equal(state.body().result.reason, 4)
    await inTenant(tenant, async () =>
      assert.equal((await Payment.findOrFail(paymentId)).status, 'canceled')
    )

    const stale = await createTestTenant('pme')
    const other = await paymentClinic(client, stale)
    const init = await other.cashier.post('/api/payments/init', {
      provider: 'payme',
      visit_id: other.visitId,
    })
    const old = await payme(client, stale, 'CreateTransaction', {
      id: 'tx-old',
      time: now() - PAYME_TIMEOUT_MS - 60_000,
      amount: SUM,
      account: account(init.body().payment_id),
    })
    assert.equal(
      old.body().error.code,
      -31008,
      'a transaction Payme created over 12 hours ago is refused'
    )
  })

  test('the same PerformTransaction delivered 10 times at once moves the payment once', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await paymeOrder(client)
    await payme(client, tenant, 'CreateTransaction', {
      id: 'tx-p',
      time: now(),
      amount: SUM,
      account: account(paymentId),
    })
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        payme(client, tenant, 'PerformTransaction', { id: 'tx-p' }, undefined, i)
      )
    )
    for (const answer of answers) assert.equal(answer.body().result.state, 2)
    await inTenant(tenant, async () => {
      const attempts = await PaymentWebhookAttempt.query().where('action', 'PerformTransaction')
      assert.equal(attempts.filter((a) => a.outcome === 'accepted').length, 1)
      assert.equal(attempts.filter((a) => a.outcome === 'duplicate').length, 9)
    })
    assert.equal(await visitStatus(tenant, clinic.visitId), 'paid')
  })

  test('a payment of another provider is not a Payme order; Payme refuses non-UZS at init', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pme')
    const clinic = await paymentClinic(client, tenant)
    const click = await clinic.cashier.post('/api/payments/init', {
      provider: 'click',
      visit_id: clinic.visitId,
    })
    const answer = await payme(client, tenant, 'CheckPerformTransaction', {
      amount: SUM,
      account: account(click.body().payment_id),
    })
    assert.equal(answer.body().error.code, -31050)
    const usd = await clinic.cashier.post('/api/payments/init', {
      provider: 'payme',
      amount: 100,
      currency: 'USD',
    })
    usd.assertStatus(409)
    assert.equal(usd.body().error.code, 'PAYMENT_CURRENCY_UNSUPPORTED')
  })
})
