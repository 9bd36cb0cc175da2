import db from '@adonisjs/lucid/services/db'
import { ticketLabel } from '#services/queue/ticket_label'
import type { Knex } from 'knex'
import { currentTenantOrFail } from '#tenants/context'

export interface RegistryFilters {
  date: string
  doctor_id?: number
  branch_id?: number
  status?: string
  payment?: string
  tab?: 'universal' | 'cardiology' | 'echo' | 'ecg' | 'dermatology' | 'dentistry'
  q?: string
  page?: number
  per_page?: number
  visit_id?: number
}

const TAB_SPECIALTY: Record<string, string> = {
  cardiology: 'cardiology',
  echo: 'cardiology',
  ecg: 'ecg',
  dermatology: 'dermatology',
  dentistry: 'dentistry',
}

const COMMON_COLUMNS = [
  'v.type',
  'v.payment_type',
  'v.total',
  'v.currency',
  'v.echo',
  'v.doctor_cost',
  'v.note',
  'd.full_name as doctor_name',
  'd.cabinet',
  'd.specialty',
  'p.id as patient_id',
  'p.last_name',
  'p.first_name',
  'p.middle_name',
  'p.birth_year',
  'p.phone as patient_phone',
  'p.address',
]

/**
 * The registry table of one day (spec §1.6): every ticket of the day's
 * queues (online joins not yet at the desk included) and every visit of the
 * day without a ticket (planned, canceled before queueing). Filters run
 * inside both halves so the indexes of §1.2/§2.2 serve them.
 */
export async function registryRows(filters: RegistryFilters) {
  const knex = db.connection(currentTenantOrFail().connectionName).getReadClient() as Knex
  const perPage = filters.per_page ?? 100
  const page = filters.page ?? 1

  const tickets = knex
    .from('queue_entries as e')
    .join('daily_queues as q', 'q.id', 'e.queue_id')
    .join('doctors as d', 'd.id', 'q.doctor_id')
    .leftJoin('visits as v', 'v.id', 'e.visit_id')
    .leftJoin('patients as p', 'p.id', 'e.patient_id')
    .where('q.day', filters.date)
    /* A transferred ticket's visit is listed under its new ticket (QUE-R12). */
    .whereNot('e.status', 'transferred')
    .select(
      'e.id as entry_id',
      'v.id as visit_id',
      'e.number',
      'e.ticket_prefix',
      'e.status as entry_status',
      'e.source',
      'e.phone as entry_phone',
      'e.patient_name as entry_name',
      'q.doctor_id',
      'q.branch_id',
      knex.raw(`coalesce(v.status, 'queued') as status`),
      knex.raw(`coalesce(v.payment_status, 'unpaid') as payment_status`),
      'e.created_at',
      ...COMMON_COLUMNS
    )
  applyFilters(tickets, filters, { doctor: 'q.doctor_id', branch: 'q.branch_id', tickets: true })

  const unticketed = knex
    .from('visits as v')
    .join('doctors as d', 'd.id', 'v.doctor_id')
    .join('patients as p', 'p.id', 'v.patient_id')
    .where('v.date', filters.date)
    .whereNotExists((sub) => sub.from('queue_entries as x').whereRaw('x.visit_id = v.id'))
    .select(
      knex.raw('null as entry_id'),
      'v.id as visit_id',
      knex.raw('null as number'),
      knex.raw('null as ticket_prefix'),
      knex.raw('null as entry_status'),
      'v.source',
      knex.raw('null as entry_phone'),
      knex.raw('null as entry_name'),
      'v.doctor_id',
      'v.branch_id',
      'v.status',
      'v.payment_status',
      'v.created_at',
      ...COMMON_COLUMNS
    )
  applyFilters(unticketed, filters, {
    doctor: 'v.doctor_id',
    branch: 'v.branch_id',
    tickets: false,
  })

  const all = () => knex.from(tickets.clone().unionAll(unticketed.clone(), false).as('r'))
  const [{ total }] = await all().count('* as total')
  const rows = await all()
    .orderBy('created_at')
    .orderBy('visit_id')
    .orderBy('entry_id')
    .limit(perPage)
    .offset((page - 1) * perPage)

  const services = await servicesOf(knex, rows.map((row: any) => row.visit_id).filter(Boolean))
  return {
    data: rows.map((row: any) => toRow(row, services)),
    meta: {
      total: Number(total),
      page,
      per_page: perPage,
      last_page: Math.max(1, Math.ceil(Number(total) / perPage)),
    },
    day: filters.date,
  }
}

function applyFilters(
  query: Knex.QueryBuilder,
  filters: RegistryFilters,
  columns: { doctor: string; branch: string; tickets: boolean }
) {
  if (filters.doctor_id) query.where(columns.doctor, filters.doctor_id)
  if (filters.branch_id) query.where(columns.branch, filters.branch_id)
  if (filters.visit_id) query.where('v.id', filters.visit_id)
  if (filters.tab && TAB_SPECIALTY[filters.tab])
    query.where('d.specialty', TAB_SPECIALTY[filters.tab])
  if (filters.tab === 'echo') query.where('v.echo', true)
  if (filters.status) {
    if (filters.status === 'queued')
      query.where((q) => q.where('v.status', 'queued').orWhereNull('v.status'))
    else query.where('v.status', filters.status)
  }
  if (filters.payment) {
    if (filters.payment === 'unpaid')
      query.where((q) => q.where('v.payment_status', 'unpaid').orWhereNull('v.payment_status'))
    else query.where('v.payment_status', filters.payment)
  }
  const q = filters.q?.trim().toLocaleLowerCase('ru').replace(/ё/g, 'е')
  if (q) {
    const like = `%${q.replace(/[%_]/g, '')}%`
    const digits = q.replace(/\D/g, '')
    query.where((w) => {
      w.where('p.search_name', 'like', like)
      if (digits.length >= 3) w.orWhere('p.phone', 'like', `%${digits}%`)
      if (columns.tickets) {
        w.orWhereRaw('lower(e.patient_name) like ?', [like])
        if (digits.length >= 3) w.orWhere('e.phone', 'like', `%${digits}%`)
      }
    })
  }
}

async function servicesOf(knex: Knex, visitIds: number[]) {
  const byVisit = new Map<
    number,
    { id: number; title: string; category: string; qty: number; price: number }[]
  >()
  if (!visitIds.length) return byVisit
  const lines = await knex
    .from('visit_services as vs')
    .join('services as s', 's.id', 'vs.service_id')
    .whereIn('vs.visit_id', visitIds)
    .orderBy('vs.id')
    .select('vs.visit_id', 's.id', 's.title', 's.category', 'vs.qty', 'vs.price')
  for (const line of lines) {
    const list = byVisit.get(line.visit_id) ?? []
    list.push({
      id: line.id,
      title: line.title,
      category: line.category,
      qty: line.qty,
      price: Number(line.price),
    })
    byVisit.set(line.visit_id, list)
  }
  return byVisit
}

const idOf = (value: unknown) => (value === null || value === undefined ? null : Number(value))

function toRow(row: any, services: Map<number, unknown[]>) {
  const patientName = row.patient_id
    ? [row.last_name, row.first_name, row.middle_name].filter(Boolean).join(' ')
    : row.entry_name
  const number = idOf(row.number)
  return {
    key: row.entry_id ? `e${row.entry_id}` : `v${row.visit_id}`,
    /* MySQL types a column of the union whose other half is a bare NULL as text: ids are numbers here. */
    entry_id: idOf(row.entry_id),
    visit_id: idOf(row.visit_id),
    number,
    ticket: number === null ? null : ticketLabel(row.ticket_prefix, number),
    patient_id: row.patient_id,
    patient_name: patientName ?? null,
    birth_year: row.birth_year,
    phone: row.patient_phone ?? row.entry_phone,
    address: row.address,
    doctor_id: row.doctor_id,
    doctor_name: row.doctor_name,
    cabinet: row.cabinet,
    specialty: row.specialty,
    branch_id: row.branch_id,
    type: row.type,
    payment_type: row.payment_type,
    payment_status: row.payment_status,
    total: row.total === null ? null : Number(row.total),
    currency: row.currency,
    status: row.status,
    entry_status: row.entry_status,
    source: row.source,
    echo: !!row.echo,
    doctor_cost: row.doctor_cost === null ? null : Number(row.doctor_cost),
    note: row.note,
    services: row.visit_id ? (services.get(row.visit_id) ?? []) : [],
    created_at: row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at,
  }
}

export type RegistryRow = ReturnType<typeof toRow>
