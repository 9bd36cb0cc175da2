import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('doctors', (table) => {
      table.increments('id')
      table.string('full_name', 200).notNullable()
      table.string('specialty', 50).notNullable()
      table.string('cabinet', 20).nullable()
      table.integer('branch_id').unsigned().notNullable().references('branches.id')
      table.bigInteger('price_default').notNullable().defaultTo(0)
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['branch_id', 'specialty'])
    })

    this.schema.createTable('services', (table) => {
      table.increments('id')
      table.string('title', 200).notNullable()
      table.string('code', 50).nullable().unique()
      table.string('category', 100).notNullable()
      table.bigInteger('price').notNullable()
      table.string('currency', 3).notNullable().defaultTo('UZS')
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['category'])
    })
  }

  async down() {
    this.schema.dropTable('services')
    this.schema.dropTable('doctors')
  }
}
