import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * QUE-R7 counts a queue's online numbers (QR, Telegram, PWA) on every join:
 * with this index the count reads the index alone instead of every ticket
 * of the queue.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('queue_entries', (table) => {
      table.index(['queue_id', 'source'])
    })
  }

  async down() {
    this.schema.alterTable('queue_entries', (table) => {
      table.dropIndex(['queue_id', 'source'])
    })
  }
}
