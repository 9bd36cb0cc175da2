import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('branches', (table) => {
      table.increments('id')
      table.string('name', 200).notNullable()
      table.string('address', 500).nullable()
      table.string('timezone', 64).notNullable().defaultTo('Asia/Tashkent')
      table.string('locale', 5).notNullable().defaultTo('ru')
      table.boolean('is_default').notNullable().defaultTo(false)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })

    /** branch_id 0 holds the tenant-wide value; a branch row overrides it. */
    this.schema.createTable('settings', (table) => {
      table.increments('id')
      table.integer('branch_id').unsigned().notNullable().defaultTo(0)
      table.string('key', 150).notNullable()
      table.text('value').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['branch_id', 'key'])
    })
  }

  async down() {
    this.schema.dropTable('settings')
    this.schema.dropTable('branches')
  }
}
