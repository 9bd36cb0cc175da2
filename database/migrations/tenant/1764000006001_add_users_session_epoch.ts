import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 12 F6: panel sessions live in a signed cookie, so ending one cannot
 * delete it anywhere. Each user gets a session epoch: a session records the
 * epoch it was opened in, and logout, a password reset and deactivation move
 * the epoch on, so every session opened before no longer signs anyone in
 * (`app/support/session_user_provider.ts`).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (table) => {
      table.integer('session_epoch').unsigned().notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('session_epoch')
    })
  }
}
