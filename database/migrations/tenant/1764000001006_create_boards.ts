import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Waiting-room display boards (spec §6): one row per screen with its secret
 * key (stored as a SHA-256 hash), what it shows and how; the banners and
 * short videos uploaded for it in admin.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('boards', (table) => {
      table.increments('id')
      table.integer('branch_id').unsigned().notNullable().references('branches.id')
      table.string('name', 100).notNullable()
      table.string('key_hash', 64).notNullable().unique()
      /** Last characters of the key, so admins can tell keys apart. */
      table.string('key_hint', 8).notNullable()
      /** number | initials | full (BRD-R4; default number only). */
      table.string('privacy', 10).notNullable().defaultTo('number')
      /** JSON array of doctor ids; empty = every doctor of the branch. */
      table.text('specialist_ids').notNullable()
      table.string('theme', 10).notNullable().defaultTo('dark')
      table.smallint('next_count').notNullable().defaultTo(4)
      table.smallint('call_seconds').notNullable().defaultTo(30)
      table.boolean('voice_enabled').notNullable().defaultTo(true)
      table.string('voice_lang', 2).notNullable().defaultTo('ru')
      table.smallint('voice_volume').notNullable().defaultTo(80)
      table.boolean('chime_enabled').notNullable().defaultTo(true)
      table.string('pinned_message', 300).nullable()
      /** JSON {ru, uz, en}. */
      table.text('ticker').notNullable()
      table.boolean('test_mode').notNullable().defaultTo(false)
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['branch_id'])
    })

    this.schema.createTable('board_media', (table) => {
      table.increments('id')
      table.integer('board_id').unsigned().notNullable().references('boards.id').onDelete('CASCADE')
      /** image | video */
      table.string('kind', 10).notNullable()
      table.string('path', 255).notNullable()
      table.string('mime', 60).notNullable()
      table.integer('size').unsigned().notNullable()
      table.string('original_name', 200).notNullable()
      table.smallint('position').notNullable().defaultTo(0)
      table.smallint('duration_seconds').notNullable().defaultTo(10)
      table.timestamp('created_at').notNullable()
      table.index(['board_id', 'position'])
    })
  }

  async down() {
    this.schema.dropTable('board_media')
    this.schema.dropTable('boards')
  }
}
