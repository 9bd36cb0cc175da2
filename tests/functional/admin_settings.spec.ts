import { test } from '@japa/runner'
import Setting from '#models/setting'
import AuditLog from '#models/audit_log'
import { clock } from '#services/clock'
import settingsService from '#services/settings/settings_service'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'
import { joinQueue, setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { panelSession } from '#tests/helpers/panel_session'
import { enableProviders } from '#tests/helpers/payments'
import pluginState from '#plugin_api/plugin_state_service'

const TOKEN_A = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawA'
const TOKEN_B = '987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsawB'

test.group('Admin settings: sections, secrets, immediate effect', (group) => {
  group.each.setup(() => () => clock.reset())

  test('general, printing, Telegram, AI and security values validate per key', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('set')
    const admin = await adminApi(client, tenant)
    const good = await admin.put('/api/admin/settings', {
      values: {
        'clinic.name': 'Shifo Med',
        'clinic.address': 'Toshkent, Chilonzor 5',
        'date_format': 'YYYY-MM-DD',
        'printing.prescription_format': 'A4',
        'printing.template.receipt': '<h1>{{clinic}}</h1>{{#each lines}}<p>{{title}}</p>{{/each}}',
        'telegram.admin_chat_ids': ['-1001234567890', '55501234'],
        'ai.provider': 'openai',
        'ai.model': 'gpt-4o-mini',
        'security.admin_ip_allowlist': ['10.0.0.0/24', '127.0.0.1', '::1'],
      },
    })
    good.assertStatus(200)
    assert.containsSubset(good.body().values, {
      'printing.prescription_format': 'A4',
      'ai.provider': 'openai',
    })

    const bad = await admin.put('/api/admin/settings', {
      values: {
        'printing.prescription_format': 'A3',
        'printing.template.receipt': '{{#each lines}}<p>',
        'telegram.bot_token': 'not a token',
        'telegram.admin_chat_ids': ['@channel'],
        'ai.provider': 'skynet',
        'clinic.name': 'Never saved',
      },
    })
    bad.assertStatus(422)
    const fields = bad.body().errors.map((e: any) => e.field)
    assert.includeMembers(fields, [
      'values.printing.prescription_format',
      'values.printing.template.receipt',
      'values.telegram.bot_token',
      'values.ai.provider',
    ])
    assert.include(
      bad.body().errors.map((e: any) => e.message),
      'The template has a syntax error.'
    )
    const name = await inTenant(tenant, () => settingsService.get('clinic.name'))
    assert.equal(name, 'Shifo Med', 'nothing of a refused save is written')
  })

  test('secrets are stored encrypted, shown masked, kept when the mask comes back, replaced and cleared', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('set')
    const admin = await adminApi(client, tenant)
    const saved = await admin.put('/api/admin/settings', {
      values: { 'telegram.bot_token': TOKEN_A, 'ai.api_key': 'sk-live-abcdef123456' },
    })
    saved.assertStatus(200)
    assert.equal(saved.body().values['telegram.bot_token'], '••••sawA')
    assert.equal(saved.body().values['ai.api_key'], '••••3456')
    const shown = await admin.get('/api/admin/settings')
    assert.equal(shown.body().values['telegram.bot_token'], '••••sawA')
    assert.notInclude(JSON.stringify(shown.body()), TOKEN_A)

    await inTenant(tenant, async () => {
      const row = await Setting.findByOrFail('key', 'telegram.bot_token')
      assert.notInclude(JSON.stringify(row.value), TOKEN_A, 'ciphertext in the table')
      const log = await AuditLog.query().where('event', 'settings.updated').firstOrFail()
      assert.notInclude(JSON.stringify(log.after), TOKEN_A, 'the audit log holds the mask only')
      assert.equal(
        await settingsService.get('telegram.bot_token'),
        TOKEN_A,
        'services read it in clear'
      )
    })

    ;(
      await admin.put('/api/admin/settings', {
        values: { 'telegram.bot_token': '••••sawA', 'clinic.name': 'X clinic' },
      })
    ).assertStatus(200)
    assert.equal(
      await inTenant(tenant, () => settingsService.get('telegram.bot_token')),
      TOKEN_A,
      'the mask keeps it'
    )

    ;(await admin.put('/api/admin/settings', { values: { 'ai.api_key': null } })).assertStatus(200)
    assert.isNull(await inTenant(tenant, () => settingsService.get('ai.api_key')))
  })

  test('ADM-T8: after the Telegram token changes, the bot reads the new one at once', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('set')
    const admin = await adminApi(client, tenant)
    await admin.put('/api/admin/settings', {
      values: { 'telegram.enabled': true, 'telegram.bot_token': TOKEN_A },
    })
    assert.equal(await inTenant(tenant, () => settingsService.get('telegram.bot_token')), TOKEN_A)
    await admin.put('/api/admin/settings', { values: { 'telegram.bot_token': TOKEN_B } })
    assert.equal(await inTenant(tenant, () => settingsService.get('telegram.bot_token')), TOKEN_B)
    const other = await createTestTenant('set')
    assert.isNull(await inTenant(other, () => settingsService.get('telegram.bot_token')))
  })

  test('ADM-T9: a changed start number applies to the next online number', async ({
    client,
    assert,
  }) => {
    setLocalTime('2026-03-02T06:30:00')
    const tenant = await createTestTenant('set')
    const { doctors } = await setupRegistry(tenant)
    const admin = await adminApi(client, tenant)
    const saved = await admin.put('/api/admin/settings', {
      values: {
        'queue.online_start_number.dentistry': 21,
        'queue.online_max_per_day.dentistry': 2,
      },
    })
    saved.assertStatus(200)
    const desk = await staffApi(client, tenant)
    const token = (
      await desk.post('/api/queue/qrcode', { specialist_id: doctors.dentistry.id })
    ).body().token
    setLocalTime('2026-03-02T07:05:00')
    const first = await joinQueue(client, tenant, { token, phone: '901000001' })
    first.assertStatus(200)
    assert.equal(first.body().number, 21)
    ;(await joinQueue(client, tenant, { token, phone: '901000002' })).assertStatus(200)
    const full = await joinQueue(client, tenant, { token, phone: '901000003' })
    full.assertStatus(409)
    assert.equal(full.body().error.code, 'QUEUE_FULL')
  })

  test('a new branch gets its own queue rules over the clinic values; branches are renamed, bad zones refused', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('set')
    const admin = await adminApi(client, tenant)
    const created = await admin.post('/api/admin/branches', {
      name: 'Филиал Юнусабад',
      address: 'Юнусабад 4',
    })
    created.assertStatus(201)
    const branchId = created.body().id
    const override = await admin.put('/api/admin/settings', {
      branch_id: branchId,
      values: {
        'queue.online_start_hour': 8,
        'queue.online_start_number.dentistry': 40,
        'printing.ticket_footer': 'Юнусабад',
      },
    })
    override.assertStatus(200)
    assert.containsSubset(override.body().values, {
      'queue.online_start_hour': 8,
      'queue.online_start_number.dentistry': 40,
    })
    const clinic = await admin.get('/api/admin/settings')
    assert.equal(clinic.body().values['queue.online_start_number.dentistry'], 3)

    const tenantOnly = await admin.put('/api/admin/settings', {
      branch_id: branchId,
      values: { 'ai.provider': 'openai' },
    })
    tenantOnly.assertStatus(422)
    assert.equal(tenantOnly.body().errors[0].rule, 'tenantOnlySetting')

    const renamed = await admin.put(`/api/admin/branches/${branchId}`, {
      name: 'Юнусабад',
      timezone: 'Asia/Samarkand',
    })
    renamed.assertStatus(200)
    assert.containsSubset(renamed.body(), { name: 'Юнусабад', timezone: 'Asia/Samarkand' })
    ;(
      await admin.put(`/api/admin/branches/${branchId}`, { timezone: 'Mars/Olympus' })
    ).assertStatus(422)
  })
})

test.group('Admin settings: booking and payment keys', () => {
  test('booking and payment values save through the page API; bad ones are refused under their field in the user language; payment secrets come back masked', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('set')
    const admin = await adminApi(client, tenant)
    const saved = await admin.put('/api/admin/settings', {
      values: {
        'booking.slot_minutes': 30,
        'booking.auto_cancel': 'reception',
        'payments.payme.enabled': true,
        'payments.payme.merchant_id': '5e730e8e0b852a417aa49ceb',
        'payments.payme.key': 'payme-key-0123456789',
        'payments.receipt.paper': '80',
        'payments.receipt.requisites': 'STIR 123456789\nAsaka bank',
      },
    })
    saved.assertStatus(200)
    assert.containsSubset(saved.body().values, {
      'booking.slot_minutes': 30,
      'booking.auto_cancel': 'reception',
      'payments.payme.enabled': true,
      'payments.payme.key': '••••6789',
      'payments.receipt.paper': '80',
    })
    const shown = await admin.get('/api/admin/settings')
    assert.equal(shown.body().values['payments.payme.key'], '••••6789')
    assert.notInclude(JSON.stringify(shown.body()), 'payme-key-0123456789')

    for (const [locale, expected] of [
      ['ru', 'Допустимы значения от 5 до 240.'],
      ['uz', '5 dan 240 gacha'],
    ]) {
      const localized = await adminApi(client, tenant, 'admin', undefined, locale)
      const bad = await localized.put('/api/admin/settings', {
        values: { 'booking.slot_minutes': 3, 'booking.auto_cancel': '25:00' },
      })
      bad.assertStatus(422)
      const byField = Object.fromEntries(bad.body().errors.map((e: any) => [e.field, e.message]))
      assert.include(byField['values.booking.slot_minutes'], expected, locale)
      assert.isString(byField['values.booking.auto_cancel'], 'the time is refused too')
    }
    const kept = await inTenant(tenant, () => settingsService.get('booking.slot_minutes'))
    assert.equal(kept, 30)
  })
})

test.group('Admin settings: the page', () => {
  test("the settings page gets the logo and the enabled plugins' settings with their labels", async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('set')
    const panel = await panelSession(client, tenant)
    const before = (await panel.get('/admin/settings')).body().props
    assert.deepEqual(before.plugins, [], 'no plugin enabled: no Modules section')
    assert.isNull(before.logoUrl)

    await pluginState.enable(tenant, 'test_plugin')
    const page = await panel.get('/admin/settings')
    page.assertStatus(200)
    assert.equal(page.body().component, 'admin/settings')
    assert.deepEqual(page.body().props.plugins, [
      {
        id: 'test_plugin',
        name: { ru: 'Тестовый модуль', uz: 'Test moduli', en: 'Test plugin' },
        settings: [
          {
            key: 'test_plugin.greeting',
            label: { ru: 'Приветствие', uz: 'Salomlashuv', en: 'Greeting' },
            hint: null,
            kind: 'text',
          },
        ],
      },
    ])
    assert.equal(page.body().props.values['test_plugin.greeting'], 'hello')
  })

  test("the Payments section gets the URLs to register at each provider, on the clinic's own host, and each reaches its handler", async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('set')
    await enableProviders(tenant)
    const panel = await panelSession(client, tenant)
    const page = await panel.get('/admin/settings')
    page.assertStatus(200)
    const origin = `http://${hostOf(tenant)}`
    assert.deepEqual(page.body().props.callbackUrls, {
      payme: [{ name: 'endpoint', url: `${origin}/api/payments/payme/webhook` }],
      click: [
        { name: 'prepare', url: `${origin}/api/payments/click/prepare` },
        { name: 'complete', url: `${origin}/api/payments/click/complete` },
      ],
      stripe: [{ name: 'webhook', url: `${origin}/api/payments/stripe/webhook` }],
    })
    /* Each address answers in its provider's own protocol (unsigned: refused, never 404). */
    const post = (url: string) =>
      client.post(new URL(url).pathname).header('host', hostOf(tenant)).json({})
    const [payme] = page.body().props.callbackUrls.payme
    const paymeAnswer = await post(payme.url)
    paymeAnswer.assertStatus(200)
    assert.property(paymeAnswer.body(), 'error')
    for (const { url } of page.body().props.callbackUrls.click) {
      const clickAnswer = await post(url)
      assert.equal(clickAnswer.status(), 200, url)
      assert.equal(clickAnswer.body().error, -8, url)
    }
    const [stripe] = page.body().props.callbackUrls.stripe
    const stripeAnswer = await post(stripe.url)
    stripeAnswer.assertStatus(400)
    assert.equal(stripeAnswer.body().error.code, 'WEBHOOK_SIGNATURE_INVALID')
  })
})
