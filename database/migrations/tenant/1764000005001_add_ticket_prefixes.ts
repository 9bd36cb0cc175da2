import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 22 item 7: five patients holding "№1" at once is ambiguous. A day's
 * queue takes its letter prefix when it is created (the setting of its
 * specialty then), and each ticket keeps the prefix it was issued with, so
 * the board, the voice and the printed ticket always agree.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('daily_queues', (table) => {
      table.string('ticket_prefix', 3).nullable()
    })
    this.schema.alterTable('queue_entries', (table) => {
      table.string('ticket_prefix', 3).nullable()
    })
  }

  async down() {
    this.schema.alterTable('queue_entries', (table) => {
      table.dropColumn('ticket_prefix')
    })
    this.schema.alterTable('daily_queues', (table) => {
      table.dropColumn('ticket_prefix')
    })
  }
}
