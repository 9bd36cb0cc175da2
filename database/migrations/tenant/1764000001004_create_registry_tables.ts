import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Registry and queues (spec §1.2, §2.2): patients, weekly schedules, visits
 * with their services, daily queues and queue entries. The unique keys make
 * duplicates impossible whatever the application does: one number per queue,
 * one entry per phone and per Telegram chat per queue (NULLs never collide).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('patients', (table) => {
      table.increments('id')
      table.string('last_name', 100).notNullable()
      table.string('first_name', 100).notNullable().defaultTo('')
      table.string('middle_name', 100).nullable()
      /** Lower-cased "last first middle", for search by name. */
      table.string('search_name', 310).notNullable()
      table.date('birth_date').nullable()
      table.smallint('birth_year').nullable()
      table.string('sex', 1).nullable()
      /** E.164; unique per tenant, several patients may have none. */
      table.string('phone', 20).nullable().unique()
      table.string('address', 300).nullable()
      table.string('telegram_id', 40).nullable().index()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['search_name'])
      table.index(['birth_year'])
    })

    this.schema.createTable('schedules', (table) => {
      table.increments('id')
      table.integer('doctor_id').unsigned().notNullable().references('doctors.id')
      /** ISO weekday: 1 = Monday … 7 = Sunday. */
      table.tinyint('weekday').notNullable()
      table.string('start_time', 5).notNullable()
      table.string('end_time', 5).notNullable()
      /** [{"start": "13:00", "end": "14:00"}] */
      table.json('breaks').nullable()
      table.unique(['doctor_id', 'weekday'])
    })

    this.schema.createTable('visits', (table) => {
      table.increments('id')
      table.integer('patient_id').unsigned().notNullable().references('patients.id')
      table.integer('doctor_id').unsigned().notNullable().references('doctors.id')
      table.integer('branch_id').unsigned().notNullable().references('branches.id')
      /** Local day of the visit; a planned visit has no time. */
      table.date('date').notNullable()
      table.string('status', 20).notNullable()
      table.string('source', 20).notNullable()
      table.string('type', 20).notNullable().defaultTo('paid')
      table.string('payment_type', 20).nullable()
      table.string('payment_status', 20).notNullable().defaultTo('unpaid')
      /** Minor units. */
      table.bigInteger('total').notNullable().defaultTo(0)
      table.string('currency', 3).notNullable().defaultTo('UZS')
      /** Cardiology: EchoCG with the consultation, same number. */
      table.boolean('echo').notNullable().defaultTo(false)
      /** Dermatology: the cost the doctor set for the procedures (minor units). */
      table.bigInteger('doctor_cost').nullable()
      table.string('note', 500).nullable()
      table.timestamp('confirmed_at').nullable()
      table.integer('created_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['patient_id', 'date'])
      table.index(['doctor_id', 'date'])
      table.index(['branch_id', 'date', 'status'])
    })

    this.schema.createTable('visit_services', (table) => {
      table.increments('id')
      table.integer('visit_id').unsigned().notNullable().references('visits.id').onDelete('CASCADE')
      table.integer('service_id').unsigned().notNullable().references('services.id')
      table.integer('qty').notNullable().defaultTo(1)
      /** Unit price at the time of the visit, minor units. */
      table.bigInteger('price').notNullable()
      table.bigInteger('total').notNullable()
      table.string('group', 30).nullable()
      table.index(['visit_id'])
    })

    this.schema.createTable('daily_queues', (table) => {
      table.increments('id')
      table.integer('branch_id').unsigned().notNullable().references('branches.id')
      /** The specialist or cabinet (ECG) the queue is for. */
      table.integer('doctor_id').unsigned().notNullable().references('doctors.id')
      table.date('day').notNullable()
      table.boolean('active').notNullable().defaultTo(true)
      /** When reception actually opened; online intake stops from then. */
      table.timestamp('opened_at').nullable()
      table.timestamp('created_at').notNullable()
      table.unique(['doctor_id', 'day'])
      table.index(['branch_id', 'day'])
    })

    this.schema.createTable('queue_entries', (table) => {
      table.increments('id')
      table.integer('queue_id').unsigned().notNullable().references('daily_queues.id')
      table.integer('number').notNullable()
      table.integer('patient_id').unsigned().nullable().references('patients.id')
      table.integer('visit_id').unsigned().nullable().references('visits.id')
      table.string('patient_name', 310).nullable()
      table.string('phone', 20).nullable()
      table.string('telegram_id', 40).nullable()
      table.string('status', 20).notNullable()
      /** desk | online | telegram | pwa | booking */
      table.string('source', 20).notNullable()
      table.timestamp('called_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['queue_id', 'number'])
      table.unique(['queue_id', 'phone'])
      table.unique(['queue_id', 'telegram_id'])
      table.unique(['visit_id'])
    })
  }

  async down() {
    this.schema.dropTable('queue_entries')
    this.schema.dropTable('daily_queues')
    this.schema.dropTable('visit_services')
    this.schema.dropTable('visits')
    this.schema.dropTable('schedules')
    this.schema.dropTable('patients')
  }
}
