import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('roles', (table) => {
      table.increments('id')
      table.string('name', 60).notNullable().unique()
      table.string('title', 200).nullable()
      table.boolean('is_system').notNullable().defaultTo(false)
      /** JSON array of permission codes; ["*"] grants everything. */
      table.text('permissions').notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })

    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.string('login', 60).notNullable().unique()
      table.string('full_name', 200).nullable()
      table.string('password').notNullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.string('locale', 5).nullable()
      table.integer('doctor_id').unsigned().nullable()
      table.integer('branch_id').unsigned().nullable()
      table.timestamp('last_login_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })

    this.schema.createTable('user_roles', (table) => {
      table.integer('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE')
      table.integer('role_id').unsigned().notNullable().references('roles.id').onDelete('CASCADE')
      table.primary(['user_id', 'role_id'])
    })

    this.schema.createTable('auth_access_tokens', (table) => {
      table.increments('id')
      table
        .integer('tokenable_id')
        .unsigned()
        .notNullable()
        .references('users.id')
        .onDelete('CASCADE')
      table.string('type').notNullable()
      table.string('name').nullable()
      table.string('hash').notNullable()
      table.text('abilities').notNullable()
      table.timestamp('created_at')
      table.timestamp('updated_at')
      table.timestamp('last_used_at').nullable()
      table.timestamp('expires_at').nullable()
    })

    this.schema.createTable('audit_logs', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').unsigned().nullable()
      table.string('event', 100).notNullable()
      table.string('entity_type', 100).nullable()
      table.string('entity_id', 100).nullable()
      table.text('before').nullable()
      table.text('after').nullable()
      table.string('ip', 64).nullable()
      table.string('user_agent', 500).nullable()
      table.timestamp('created_at').notNullable()
      table.index(['created_at'])
      table.index(['event', 'created_at'])
      table.index(['user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('audit_logs')
    this.schema.dropTable('auth_access_tokens')
    this.schema.dropTable('user_roles')
    this.schema.dropTable('users')
    this.schema.dropTable('roles')
  }
}
