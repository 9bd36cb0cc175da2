import { BaseSchema } from '@adonisjs/lucid/schema'

/** Expenses journal and doctors' payroll (spec §7.2, ADM-R6, ADM-R7). */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('expenses', (table) => {
      table.increments('id')
      table.integer('branch_id').unsigned().nullable().references('branches.id')
      /** rent | materials | salaries | marketing | other */
      table.string('category', 30).notNullable()
      /** Minor units. */
      table.bigInteger('amount').notNullable()
      table.string('currency', 3).notNullable().defaultTo('UZS')
      /** Local day the money was spent. */
      table.date('spent_on').notNullable()
      table.string('note', 500).nullable()
      table.integer('created_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['spent_on'])
      table.index(['category', 'spent_on'])
    })

    this.schema.createTable('payroll', (table) => {
      table.increments('id')
      table.integer('doctor_id').unsigned().notNullable().references('doctors.id')
      table.date('period_start').notNullable()
      table.date('period_end').notNullable()
      /** Minor units: the doctor's share of the done visits' services in the period. */
      table.bigInteger('amount').notNullable()
      /** What the share was computed from (minor units). */
      table.bigInteger('base_amount').notNullable().defaultTo(0)
      table.integer('visits_count').notNullable().defaultTo(0)
      table.string('currency', 3).notNullable().defaultTo('UZS')
      /** pending | paid */
      table.string('status', 10).notNullable().defaultTo('pending')
      /** [{service_id, title, qty, total, percent, share}] */
      table.text('lines').nullable()
      table.timestamp('paid_at').nullable()
      table.integer('created_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['doctor_id', 'period_start'])
      table.unique(['doctor_id', 'period_start', 'period_end'])
    })
  }

  async down() {
    this.schema.dropTable('payroll')
    this.schema.dropTable('expenses')
  }
}
