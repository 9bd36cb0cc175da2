import { test } from '@japa/runner'
import Payment from '#models/payment'
import PaymentWebhookAttempt from '#models/payment_webhook_attempt'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { setLocalTime } from '#tests/helpers/registry'
import { click, paymentClinic } from '#tests/helpers/payments'
import { webhookLimiter, webhookRateKey } from '#services/payments/webhook_rate_limit'

/** A clinic with a Click payment for its 550 000 sum visit. */
async function clickOrder(client: any) {
  const tenant = await createTestTenant('clk')
  const clinic = await paymentClinic(client, tenant)
  const init = await clinic.cashier.post('/api/payments/init', {
    provider: 'click',
    visit_id: clinic.visitId,
  })
  init.assertStatus(201)
  return { tenant, clinic, paymentId: init.body().payment_id as number, init: init.body() }
}

test.group('Payments: Click SHOP API', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('checkout link: my.click.uz with service, merchant, the sum and our payment id', async ({
    client,
    assert,
  }) => {
    const { init, paymentId } = await clickOrder(client)
    const url = new URL(init.checkout_url)
    assert.equal(url.origin + url.pathname, 'https://my.click.uz/services/pay')
    assert.equal(url.searchParams.get('service_id'), '101')
    assert.equal(url.searchParams.get('merchant_id'), '202')
    assert.equal(url.searchParams.get('amount'), '550000.00')
    assert.equal(url.searchParams.get('transaction_param'), String(paymentId))
  })

  test('prepare → complete pays the visit; a repeated complete answers -4 and changes nothing', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await clickOrder(client)
    const fields = { click_trans_id: 9001, merchant_trans_id: paymentId, amount: '550000.00' }
    const prepared = await click(client, tenant, 'prepare', fields)
    prepared.assertStatus(200)
    assert.deepInclude(prepared.body(), {
      click_trans_id: 9001,
      merchant_trans_id: String(paymentId),
      error: 0,
      error_note: 'Success',
    })
    const prepareId = prepared.body().merchant_prepare_id
    assert.isNumber(prepareId)

    const preparedAgain = await click(client, tenant, 'prepare', fields)
    assert.equal(
      preparedAgain.body().merchant_prepare_id,
      prepareId,
      'a repeated prepare: the same id'
    )

    const completed = await click(client, tenant, 'complete', {
      ...fields,
      merchant_prepare_id: prepareId,
    })
    assert.deepInclude(completed.body(), { error: 0, merchant_confirm_id: prepareId })
    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'paid')
      assert.equal((await Payment.findOrFail(paymentId)).status, 'paid')
    })

    for (let i = 0; i < 3; i++) {
      const repeat = await click(client, tenant, 'complete', {
        ...fields,
        merchant_prepare_id: prepareId,
      })
      assert.equal(repeat.body().error, -4)
      assert.equal(repeat.body().error_note, 'Already paid')
    }
    const late = await click(client, tenant, 'prepare', { ...fields, click_trans_id: 9002 })
    assert.equal(late.body().error, -4)

    await inTenant(tenant, async () => {
      const accepted = await PaymentWebhookAttempt.query()
        .where('provider', 'click')
        .where('outcome', 'accepted')
      assert.lengthOf(accepted, 2)
    })
  })

  test('a bad sign (-1), a wrong amount (-2), an unknown order (-5) or prepare id (-6), a wrong action (-3), missing fields (-8): nothing changes', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await clickOrder(client)
    const fields = { click_trans_id: 7001, merchant_trans_id: paymentId, amount: '550000.00' }

    const forged = await click(client, tenant, 'prepare', fields, 'a'.repeat(32))
    assert.equal(forged.body().error, -1)
    assert.equal(forged.body().error_note, 'SIGN CHECK FAILED!')

    const wrongAmount = await click(client, tenant, 'prepare', { ...fields, amount: '1000.00' })
    assert.equal(wrongAmount.body().error, -2)

    const unknown = await click(client, tenant, 'prepare', { ...fields, merchant_trans_id: 424242 })
    assert.equal(unknown.body().error, -5)

    const wrongAction = await click(client, tenant, 'prepare', { ...fields, action: 1 })
    assert.equal(wrongAction.body().error, -3)

    const missing = await click(client, tenant, 'prepare', { ...fields, click_trans_id: '' })
    assert.equal(missing.body().error, -8)

    const prepared = await click(client, tenant, 'prepare', fields)
    assert.equal(prepared.body().error, 0)
    const noPrepare = await click(client, tenant, 'complete', {
      ...fields,
      merchant_prepare_id: 999,
    })
    assert.equal(noPrepare.body().error, -6)
    const forgedComplete = await click(
      client,
      tenant,
      'complete',
      { ...fields, merchant_prepare_id: prepared.body().merchant_prepare_id },
      'b'.repeat(32)
    )
    assert.equal(forgedComplete.body().error, -1)
    const amountOnComplete = await click(client, tenant, 'complete', {
      ...fields,
      amount: '549999.99',
      merchant_prepare_id: prepared.body().merchant_prepare_id,
    })
    assert.equal(amountOnComplete.body().error, -2)

    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).status, 'pending')
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'pending')
      const rejected = await PaymentWebhookAttempt.query()
        .where('provider', 'click')
        .where('outcome', 'rejected')
      assert.lengthOf(rejected, 8)
    })
  })

  test("a body the app cannot read gets Click's own answer (-8), not an HTTP error", async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId } = await clickOrder(client)
    const post = (action: string, body: string, type: string) =>
      client
        .post(`/api/payments/click/${action}`)
        .header('host', hostOf(tenant))
        .unsafeJson(body)
        .type(type)

    for (const [action, body, type] of [
      ['prepare', '%%%&&==garbage', 'application/x-www-form-urlencoded'],
      ['prepare', '{"click_trans_id": 7001, ', 'application/json'],
      ['complete', '"just a string"', 'application/json'],
      ['complete', '\u0000\u0001', 'application/octet-stream'],
    ]) {
      const answer = await post(action, body, type)
      assert.equal(answer.status(), 200, body)
      assert.include(answer.body(), { error: -8, error_note: 'Error in request from click' }, body)
    }
    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).status, 'pending')
      const attempts = await PaymentWebhookAttempt.query().where('provider', 'click')
      assert.lengthOf(attempts, 4)
    })
  })

  test('Click reports a failure on complete (error < 0): -9, the payment failed, a later complete is refused', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId } = await clickOrder(client)
    const fields = { click_trans_id: 8001, merchant_trans_id: paymentId, amount: '550000' }
    const prepared = await click(client, tenant, 'prepare', fields)
    const prepareId = prepared.body().merchant_prepare_id
    const failed = await click(client, tenant, 'complete', {
      ...fields,
      merchant_prepare_id: prepareId,
      error: -5017,
      error_note: 'Insufficient funds',
    })
    assert.equal(failed.body().error, -9)
    const payment = await client.get(`/api/payments/${paymentId}`).header('host', hostOf(tenant))
    assert.equal(payment.status(), 401, 'the staff API needs a login')
    await inTenant(tenant, async () =>
      assert.equal((await Payment.findOrFail(paymentId)).status, 'failed')
    )
    const retry = await click(client, tenant, 'complete', {
      ...fields,
      merchant_prepare_id: prepareId,
    })
    assert.equal(retry.body().error, -9)
  })

  test('PAY-R12: an address over the callback ceiling gets 429 with Retry-After; nothing changes', async ({
    client,
    assert,
  }) => {
    const { tenant, paymentId } = await clickOrder(client)
    await webhookLimiter().block(webhookRateKey(tenant.id, '127.0.0.1'), '1 min')
    try {
      const blocked = await click(client, tenant, 'prepare', {
        click_trans_id: 6001,
        merchant_trans_id: paymentId,
        amount: '550000.00',
      })
      blocked.assertStatus(429)
      assert.isString(blocked.header('retry-after'))
      await inTenant(tenant, async () =>
        assert.equal((await Payment.findOrFail(paymentId)).status, 'pending')
      )
    } finally {
      await webhookLimiter().delete(webhookRateKey(tenant.id, '127.0.0.1'))
    }
  })
})
