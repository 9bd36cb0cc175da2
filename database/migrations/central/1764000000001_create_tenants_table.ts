import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('tenants', (table) => {
      table.increments('id')
      table.string('slug', 63).notNullable().unique()
      table.string('name', 200).notNullable()
      table.string('status', 20).notNullable().defaultTo('provisioning')
      table.string('locale', 5).notNullable().defaultTo('ru')
      table.string('timezone', 64).notNullable().defaultTo('Asia/Tashkent')
      table.string('db_driver', 10).notNullable()
      table.string('db_name', 500).notNullable()
      table.string('db_host', 255).nullable()
      table.integer('db_port').nullable()
      table.string('schema_version', 255).nullable()
      table.timestamp('migrated_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })

    this.schema.createTable('tenant_domains', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('tenants.id')
        .onDelete('CASCADE')
      table.string('domain', 253).notNullable().unique()
      table.timestamp('created_at').notNullable()
    })

    this.schema.createTable('tenant_plugins', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('tenants.id')
        .onDelete('CASCADE')
      table.string('plugin_id', 100).notNullable()
      table.boolean('enabled').notNullable().defaultTo(false)
      table.string('version', 50).notNullable()
      table.text('settings').nullable()
      table.timestamp('installed_at').nullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['tenant_id', 'plugin_id'])
    })
  }

  async down() {
    this.schema.dropTable('tenant_plugins')
    this.schema.dropTable('tenant_domains')
    this.schema.dropTable('tenants')
  }
}
