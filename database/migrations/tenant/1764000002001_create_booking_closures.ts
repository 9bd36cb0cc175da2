import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * APT-R2: booking switched off for a specialist, on one day or (no day)
 * until the registry switches it on again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('booking_closures', (table) => {
      table.increments('id')
      table
        .integer('doctor_id')
        .unsigned()
        .notNullable()
        .references('doctors.id')
        .onDelete('CASCADE')
      /** Null: every day until removed. */
      table.date('day').nullable()
      table.string('note', 300).nullable()
      table.integer('created_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.index(['doctor_id', 'day'])
    })
  }

  async down() {
    this.schema.dropTable('booking_closures')
  }
}
