import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Front-desk workstations (spec §1.7, REG-T9): each has its ticket printer
 * (raw TCP, ESC/POS) and the language and paper width tickets print in. The
 * browser names its workstation by id; no printer means PDF tickets.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('workstations', (table) => {
      table.increments('id')
      table.integer('branch_id').unsigned().notNullable().references('branches.id')
      table.string('name', 100).notNullable()
      table.string('printer_host', 255).nullable()
      table.integer('printer_port').notNullable().defaultTo(9100)
      /** Millimetres: 58 (32 columns) or 80 (48 columns). */
      table.smallint('paper_width').notNullable().defaultTo(80)
      table.string('lang', 2).notNullable().defaultTo('ru')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['branch_id'])
    })
  }

  async down() {
    this.schema.dropTable('workstations')
  }
}
