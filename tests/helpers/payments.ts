import Stripe from 'stripe'
import type { ApiClient } from '@japa/api-client'
import { ApiRequest } from '@japa/api-client'
import Role from '#models/role'
import User from '#models/user'
import settingsService from '#services/settings/settings_service'
import { clickSign, type ClickAction } from '#services/payments/click_shop_api'
import type Tenant from '#tenants/models/tenant'
import { setupRegistry, staffApi } from '#tests/helpers/registry'
import { hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'

export const PAYME_KEY = 'payme-test-key-#1'
export const CLICK_SECRET = 'click-secret-42'
export const STRIPE_WEBHOOK_SECRET = 'whsec_test_clinic_secret'
export const STRIPE_KEY = 'sk_test_clinic123'

/* PDFs arrive as Buffers, not text (registered once per process). */
const binary = (res: any, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}
ApiRequest.addParser('application/pdf', binary)

/** Turns the online providers on with test credentials (through the settings service, so secrets are encrypted). */
export async function enableProviders(tenant: Tenant) {
  await inTenant(tenant, () =>
    settingsService.update(
      {
        'payments.payme.enabled': true,
        'payments.payme.merchant_id': '5e730e8e0b852a417aa49ceb',
        'payments.payme.key': PAYME_KEY,
        'payments.click.enabled': true,
        'payments.click.service_id': '101',
        'payments.click.merchant_id': '202',
        'payments.click.secret_key': CLICK_SECRET,
        'payments.stripe.enabled': true,
        'payments.stripe.secret_key': STRIPE_KEY,
        'payments.stripe.webhook_secret': STRIPE_WEBHOOK_SECRET,
        'payments.receipt.requisites': 'ИНН 301234567\nр/с 20208000900123456789',
      },
      undefined
    )
  )
}

/**
 * A clinic for payment tests: registry reference data, a cashier, the
 * providers on, and a cardiology visit today with a consultation (250 000)
 * and EchoCG (300 000) = 550 000 sum.
 */
export async function paymentClinic(client: ApiClient, tenant: Tenant) {
  const { doctors, services } = await setupRegistry(tenant)
  await inTenant(tenant, async () => {
    const user = await User.create({
      login: 'cashier',
      fullName: 'Кассир Анна',
      password: TEST_PASSWORD,
      isActive: true,
    })
    await user.related('roles').attach([(await Role.findByOrFail('name', 'cashier')).id])
  })
  await enableProviders(tenant)
  const registrar = await staffApi(client, tenant, 'registrar')
  const cashier = await staffApi(client, tenant, 'cashier')
  const visit = await newVisit(registrar, doctors.cardiology.id, [
    services.cardiology.id,
    services.echo.id,
  ])
  return { doctors, services, registrar, cashier, ...visit }
}

export async function newVisit(
  registrar: Awaited<ReturnType<typeof staffApi>>,
  doctorId: number,
  serviceIds: number[],
  phone = `90${Math.floor(1_000_000 + Math.random() * 8_999_999)}`
) {
  const row = await registrar.post('/api/registry/rows', {
    patient: { fio: 'Юсупова Малика Рустамовна', birth_year: 1990, phone },
    doctor_id: doctorId,
    services: serviceIds.map((id) => ({ id })),
    payment_type: 'cash',
  })
  row.assertStatus(201)
  return { visitId: row.body().visit_id as number, total: row.body().row.total as number }
}

/** A Payme Merchant API call as Payme makes it (Basic auth `Paycom:<key>`). */
export function payme(
  client: ApiClient,
  tenant: Tenant,
  method: string,
  params: object,
  key = PAYME_KEY,
  id = 1
) {
  return client
    .post('/api/payments/payme/webhook')
    .header('host', hostOf(tenant))
    .header('authorization', `Basic ${Buffer.from(`Paycom:${key}`).toString('base64')}`)
    .json({ jsonrpc: '2.0', id, method, params })
}

/** A Click SHOP API call, signed like Click signs it unless `sign` is given. */
export function click(
  client: ApiClient,
  tenant: Tenant,
  action: ClickAction,
  fields: Record<string, string | number>,
  sign?: string
) {
  const all: Record<string, string> = Object.fromEntries(
    Object.entries({
      service_id: '101',
      click_paydoc_id: '555',
      action: action === 'prepare' ? 0 : 1,
      error: 0,
      error_note: 'Success',
      sign_time: '2026-03-02 08:31:00',
      ...fields,
    }).map(([key, value]) => [key, String(value)])
  )
  all.sign_string = sign ?? clickSign(all, CLICK_SECRET, action)
  return client.post(`/api/payments/click/${action}`).header('host', hostOf(tenant)).form(all)
}

/** A Stripe event delivery with a `Stripe-Signature` header made by the official SDK. */
export function stripeDelivery(
  client: ApiClient,
  tenant: Tenant,
  event: Record<string, unknown>,
  options: { secret?: string; timestamp?: number; signature?: string } = {}
) {
  const payload = JSON.stringify(event)
  const signature =
    options.signature ??
    Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? STRIPE_WEBHOOK_SECRET,
      timestamp: options.timestamp,
    })
  return client
    .post('/api/payments/stripe/webhook')
    .header('host', hostOf(tenant))
    .header('stripe-signature', signature)
    .json(event)
}

let eventCounter = 0
export function stripeEvent(type: string, object: Record<string, unknown>, id?: string) {
  return {
    id: id ?? `evt_test_${Date.now()}_${++eventCounter}`,
    object: 'event',
    type,
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    data: { object },
  }
}
