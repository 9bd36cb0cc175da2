import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Admin panel reference data (spec §7.2): doctors' photo and payroll percent,
 * services' duration and payroll percent, the services a doctor performs,
 * per-branch service prices, and users' TOTP second factor.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('doctors', (table) => {
      /** Drive key of the photo (boards show it), under the tenant's prefix. */
      table.string('photo_path', 255).nullable()
      /** Share of performed services paid to the doctor, percent (0–100, two decimals). */
      table.decimal('payroll_percent', 5, 2).nullable()
    })

    this.schema.alterTable('services', (table) => {
      table.integer('duration').unsigned().nullable()
      /** Overrides the doctor's percent for this service. */
      table.decimal('payroll_percent', 5, 2).nullable()
      table.index(['category', 'active'])
    })

    this.schema.createTable('doctor_services', (table) => {
      table
        .integer('doctor_id')
        .unsigned()
        .notNullable()
        .references('doctors.id')
        .onDelete('CASCADE')
      table
        .integer('service_id')
        .unsigned()
        .notNullable()
        .references('services.id')
        .onDelete('CASCADE')
      table.primary(['doctor_id', 'service_id'])
    })

    this.schema.createTable('service_branch_prices', (table) => {
      table.increments('id')
      table
        .integer('service_id')
        .unsigned()
        .notNullable()
        .references('services.id')
        .onDelete('CASCADE')
      table.integer('branch_id').unsigned().notNullable().references('branches.id')
      /** Minor units. */
      table.bigInteger('price').notNullable()
      table.unique(['service_id', 'branch_id'])
    })

    this.schema.alterTable('users', (table) => {
      /** Encrypted base32 TOTP secret; 2FA is on when totp_enabled_at is set. */
      table.text('totp_secret').nullable()
      table.timestamp('totp_enabled_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('totp_secret')
      table.dropColumn('totp_enabled_at')
    })
    this.schema.dropTable('service_branch_prices')
    this.schema.dropTable('doctor_services')
    this.schema.alterTable('services', (table) => {
      table.dropIndex(['category', 'active'])
      table.dropColumn('duration')
      table.dropColumn('payroll_percent')
    })
    this.schema.alterTable('doctors', (table) => {
      table.dropColumn('photo_path')
      table.dropColumn('payroll_percent')
    })
  }
}
