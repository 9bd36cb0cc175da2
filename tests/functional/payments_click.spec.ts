import { createServer } from 'node:net'
import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import AuditLog from '#models/audit_log'
import Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import PaymentWebhookAttempt from '#models/payment_webhook_attempt'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { setLocalTime } from '#tests/helpers/registry'
import { click, CLICK_SECRET, paymentClinic } from '#tests/helpers/payments'
import { webhookLimiter, webhookRateKey } from '#services/payments/webhook_rate_limit'
import { useClickEndpoint } from '#services/payments/click_merchant_api'
import settingsService from '#services/settings/settings_service'
import type { RegistryEvent } from '#services/registry/registry_events'
import { FakeClickMerchantApi } from '#tests/fakes/click_merchant_api'

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

const SUM = 550_000_00
const MERCHANT_USER_ID = '303'
const clickApi = new FakeClickMerchantApi({
  serviceId: '101',
  merchantUserId: MERCHANT_USER_ID,
  secretKey: CLICK_SECRET,
})

/** A Click payment that Click prepared and completed with its payment id (click_paydoc_id). */
async function paidClickOrder(client: any, paydoc: string) {
  const order = await clickOrder(client)
  await inTenant(order.tenant, () =>
    settingsService.update({ 'payments.click.merchant_user_id': MERCHANT_USER_ID }, undefined)
  )
  const fields = {
    click_trans_id: 9100,
    click_paydoc_id: paydoc,
    merchant_trans_id: order.paymentId,
    amount: '550000.00',
  }
  const prepared = await click(client, order.tenant, 'prepare', fields)
  const completed = await click(client, order.tenant, 'complete', {
    ...fields,
    merchant_prepare_id: prepared.body().merchant_prepare_id,
  })
  if (completed.body().error !== 0) throw new Error('Click did not complete the payment')
  clickApi.paid.add(paydoc)
  return order
}

/** A port nothing listens on: Click does not answer. */
async function closedPort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

test.group('Payments: Click refunds through the Merchant API', (group) => {
  group.setup(async () => {
    await clickApi.start()
    useClickEndpoint(clickApi.endpoint)
    return async () => {
      useClickEndpoint(null)
      await clickApi.stop()
    }
  })
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('a full refund reverses the payment at Click: signed DELETE, refunded, audited, the visit refunded', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await paidClickOrder(client, '77001')
    const events: RegistryEvent[] = []
    const listener = (event: RegistryEvent) => void events.push(event)
    emitter.on('registry:event', listener)
    const before = clickApi.requests.length
    try {
      const refund = await clinic.cashier.post(`/api/payments/${paymentId}/refund`, {
        reason: 'Пациент передумал',
      })
      refund.assertStatus(200)
      assert.equal(refund.body().status, 'refunded')
      assert.equal(refund.body().refunded_amount, SUM)
    } finally {
      emitter.clearListener('registry:event', listener)
    }
    const sent = clickApi.requests.slice(before)
    assert.lengthOf(sent, 1)
    assert.equal(sent[0].method, 'DELETE')
    assert.equal(sent[0].path, '/v2/merchant/payment/reversal/101/77001')
    assert.equal(sent[0].accept, 'application/json')
    assert.equal(sent[0].contentType, 'application/json')
    assert.match(sent[0].auth!, /^303:[0-9a-f]{40}:\d{10}$/)
    assert.deepEqual(clickApi.reversed.slice(-1), ['77001'])

    await inTenant(tenant, async () => {
      const refunds = await PaymentRefund.query().where('payment_id', paymentId)
      assert.deepEqual(
        refunds.map((r) => [r.amount, r.source, r.providerRefundId, r.reason]),
        [[SUM, 'api', '77001', 'Пациент передумал']]
      )
      const audits = await AuditLog.query().where('event', 'payment.refund')
      assert.lengthOf(audits, 1)
      assert.equal(audits[0].after?.reason, 'Пациент передумал')
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'refunded')
    })
    const changes = events.filter((event) => event.event === 'payment.status_changed')
    assert.include(changes.at(-1) as any, { payment_id: paymentId, new_status: 'refunded' })

    const again = await clinic.cashier.post(`/api/payments/${paymentId}/refund`, {})
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'PAYMENT_NOT_REFUNDABLE')
    assert.lengthOf(clickApi.requests.slice(before), 1, 'nothing more sent to Click')
  })

  test('Click reverses whole payments only: a partial refund is refused (409) and nothing is sent', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await paidClickOrder(client, '77002')
    const before = clickApi.requests.length
    const partial = await clinic.cashier
      .post(`/api/payments/${paymentId}/refund`, { amount: 250_000_00 })
      .header('accept-language', 'ru')
    partial.assertStatus(409)
    assert.equal(partial.body().error.code, 'REFUND_WHOLE_ONLY')
    assert.equal(
      partial.body().error.message,
      'Click возвращает только весь платёж: верните всю сумму или сделайте возврат через кассу.'
    )
    assert.equal(clickApi.requests.length, before)
    await inTenant(tenant, async () => {
      const payment = await Payment.findOrFail(paymentId)
      assert.equal(payment.status, 'paid')
      assert.equal(payment.refundedAmount, 0)
      assert.lengthOf(await PaymentRefund.all(), 0)
    })
  })

  test("Click's refusal (payment not found) leaves the payment paid and answers 409 with Click's note", async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await paidClickOrder(client, '77003')
    clickApi.paid.delete('77003')
    const refused = await clinic.cashier
      .post(`/api/payments/${paymentId}/refund`, {})
      .header('accept-language', 'en')
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'REFUND_REFUSED')
    assert.equal(
      refused.body().error.message,
      'The payment system refused the refund: Payment not found. The payment stays paid.'
    )
    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).status, 'paid')
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'paid')
      assert.lengthOf(await PaymentRefund.all(), 0)
      assert.lengthOf(await AuditLog.query().where('event', 'payment.refund'), 0)
    })
  })

  test('a wrong secret key: Click refuses the Auth digest (409); Click not answering: 502; the payment stays paid', async ({
    client,
    assert,
  }) => {
    const { tenant, clinic, paymentId } = await paidClickOrder(client, '77004')
    await inTenant(tenant, () =>
      settingsService.update({ 'payments.click.secret_key': 'an-old-secret' }, undefined)
    )
    const forged = await clinic.cashier.post(`/api/payments/${paymentId}/refund`, {})
    forged.assertStatus(409)
    assert.equal(forged.body().error.code, 'REFUND_REFUSED')
    assert.include(forged.body().error.message, 'Authorization failed')
    assert.deepEqual(clickApi.reversed.includes('77004'), false)

    await inTenant(tenant, () =>
      settingsService.update({ 'payments.click.secret_key': CLICK_SECRET }, undefined)
    )
    useClickEndpoint({ host: '127.0.0.1', port: await closedPort(), protocol: 'http' })
    try {
      const down = await clinic.cashier
        .post(`/api/payments/${paymentId}/refund`, {})
        .header('accept-language', 'uz')
      down.assertStatus(502)
      assert.equal(down.body().error.code, 'REFUND_PROVIDER_ERROR')
      assert.equal(
        down.body().error.message,
        'Toʻlov tizimi javob bermadi; hech narsa qaytarilmadi. Keyinroq qayta urinib koʻring.'
      )
    } finally {
      useClickEndpoint(clickApi.endpoint)
    }
    await inTenant(tenant, async () => {
      assert.equal((await Payment.findOrFail(paymentId)).status, 'paid')
      assert.lengthOf(await PaymentRefund.all(), 0)
    })
  })
})
