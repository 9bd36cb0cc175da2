import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Payments (spec §4.2, decision 10): amounts in minor units with their
 * currency. `payments` holds one payment (cash, card terminal or an online
 * provider), `payment_items` what it pays for, `provider_transactions` the
 * provider's own transactions (Payme's states, Click's prepare/complete,
 * Stripe's sessions), `payment_refunds` every refund and
 * `payment_webhook_attempts` every notification a provider sent, accepted or not.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('payments', (table) => {
      table.increments('id')
      table.integer('visit_id').unsigned().nullable().references('visits.id')
      table.integer('patient_id').unsigned().nullable().references('patients.id')
      table.integer('branch_id').unsigned().nullable().references('branches.id')
      /** cash | card | stripe | payme | click */
      table.string('provider', 20).notNullable()
      /** cash | card | online: the column of the day's summary. */
      table.string('method', 10).notNullable()
      /** The provider's reference (Stripe session, Payme/Click transaction). */
      table.string('invoice_id', 120).nullable()
      table.bigInteger('amount').notNullable()
      table.bigInteger('refunded_amount').notNullable().defaultTo(0)
      table.string('currency', 3).notNullable()
      /** created | pending | paid | canceled | failed | refunded */
      table.string('status', 12).notNullable()
      table.text('meta').nullable()
      table.text('checkout_url').nullable()
      table.timestamp('paid_at').nullable()
      table.timestamp('closed_at').nullable()
      /** Polling of a pending online payment without a webhook (PAY-R9). */
      table.integer('poll_attempts').notNullable().defaultTo(0)
      table.timestamp('next_poll_at').nullable()
      table.boolean('needs_review').notNullable().defaultTo(false)
      table.integer('created_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['provider', 'invoice_id'])
      table.index(['visit_id', 'status'])
      table.index(['status', 'next_poll_at'])
      table.index(['branch_id', 'paid_at'])
    })

    this.schema.createTable('payment_items', (table) => {
      table.increments('id')
      table
        .integer('payment_id')
        .unsigned()
        .notNullable()
        .references('payments.id')
        .onDelete('CASCADE')
      table.integer('visit_service_id').unsigned().nullable().references('visit_services.id')
      table.string('title', 300).notNullable()
      table.integer('qty').notNullable().defaultTo(1)
      table.bigInteger('price').notNullable()
      table.bigInteger('total').notNullable()
      table.index(['payment_id'])
      table.index(['visit_service_id'])
    })

    this.schema.createTable('provider_transactions', (table) => {
      table.increments('id')
      table.integer('payment_id').unsigned().notNullable().references('payments.id')
      table.string('provider', 20).notNullable()
      /** Payme transaction id, Click click_trans_id, Stripe session id. */
      table.string('external_id', 120).notNullable()
      /** Payme: 1 created, 2 performed, -1 canceled, -2 canceled after perform. */
      table.smallint('state').notNullable()
      table.bigInteger('amount').notNullable()
      /** The provider's own timestamp of the transaction (Payme `time`, ms). */
      table.bigInteger('provider_time').nullable()
      /** Our times in epoch milliseconds, as Payme reports them back. */
      table.bigInteger('create_time').notNullable()
      table.bigInteger('perform_time').notNullable().defaultTo(0)
      table.bigInteger('cancel_time').notNullable().defaultTo(0)
      table.smallint('reason').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['provider', 'external_id'])
      table.index(['payment_id', 'state'])
      table.index(['provider', 'create_time'])
    })

    this.schema.createTable('payment_refunds', (table) => {
      table.increments('id')
      table.integer('payment_id').unsigned().notNullable().references('payments.id')
      table.bigInteger('amount').notNullable()
      table.string('currency', 3).notNullable()
      /** api (our request to the provider) | provider (the provider told us) | desk (cash back) */
      table.string('source', 10).notNullable()
      table.string('provider_refund_id', 120).nullable()
      table.string('reason', 300).nullable()
      table.integer('created_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.unique(['payment_id', 'provider_refund_id'])
    })

    this.schema.createTable('payment_webhook_attempts', (table) => {
      table.bigIncrements('id')
      table.string('provider', 20).notNullable()
      /** Payme method, Click action, Stripe event type. */
      table.string('action', 80).nullable()
      /** Stripe event id, Payme/Click transaction id. */
      table.string('external_id', 120).nullable()
      table.integer('payment_id').unsigned().nullable()
      /** accepted | duplicate | rejected */
      table.string('outcome', 12).notNullable()
      table.string('error_code', 40).nullable()
      table.text('request').nullable()
      table.text('response').nullable()
      table.string('ip', 64).nullable()
      table.timestamp('created_at').notNullable()
      table.index(['provider', 'external_id'])
      table.index(['payment_id'])
      table.index(['created_at'])
    })
  }

  async down() {
    this.schema.dropTable('payment_webhook_attempts')
    this.schema.dropTable('payment_refunds')
    this.schema.dropTable('provider_transactions')
    this.schema.dropTable('payment_items')
    this.schema.dropTable('payments')
  }
}
