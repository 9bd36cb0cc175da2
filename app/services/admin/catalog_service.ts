import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import Service from '#models/service'
import Branch from '#models/branch'
import ServiceBranchPrice from '#models/service_branch_price'
import settingsService from '#services/settings/settings_service'
import { audit } from '#services/audit_service'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { currentTenantOrFail } from '#tenants/context'

export interface ServiceInput {
  title?: string
  code?: string | null
  category?: string
  price?: number
  active?: boolean
  duration?: number | null
  payroll_percent?: number | null
  branch_prices?: { branch_id: number; price: number }[]
}

function toOutput(service: Service, overrides: ServiceBranchPrice[]) {
  return {
    id: service.id,
    title: service.title,
    code: service.code,
    category: service.category,
    price: Number(service.price),
    currency: service.currency,
    active: service.active,
    duration: service.duration,
    payroll_percent: service.payrollPercent,
    branch_prices: overrides
      .filter((row) => row.serviceId === service.id)
      .map((row) => ({ branch_id: row.branchId, price: row.price })),
  }
}

export async function serializeService(service: Service) {
  const overrides = await ServiceBranchPrice.query()
    .where('service_id', service.id)
    .orderBy('branch_id')
  return toOutput(service, overrides)
}

/** The price of a service read by `pricedIn`: the branch's own price, else the catalog price. */
export function branchPrice(service: Service) {
  const own = service.$extras.branch_price
  return own === null || own === undefined ? service.price : Number(own)
}

const transaction = <T>(work: (trx: any) => Promise<T>) =>
  db.connection(currentTenantOrFail().connectionName).transaction(work)

/**
 * The service catalog (spec ADM-R5): one catalog per tenant, optional
 * per-branch prices. The registry prices visits from it and offers only
 * active services, so a price change or a deactivation shows there at once.
 */
export class CatalogService {
  async list(filters: { category?: string; active?: boolean; q?: string } = {}) {
    const query = Service.query().orderBy('category').orderBy('title')
    if (filters.category) query.where('category', filters.category)
    if (filters.active !== undefined) query.where('active', filters.active)
    if (filters.q) {
      const needle = `%${filters.q.toLowerCase()}%`
      query.where((inner) =>
        inner.whereRaw('LOWER(title) LIKE ?', [needle]).orWhereRaw('LOWER(code) LIKE ?', [needle])
      )
    }
    const services = await query
    const overrides = await ServiceBranchPrice.query().orderBy('branch_id')
    return services.map((service) => toOutput(service, overrides))
  }

  async show(id: number) {
    return serializeService(await Service.findOrFail(id))
  }

  async create(input: ServiceInput, ctx?: HttpContext) {
    await this.#assertCodeFree(input.code ?? null)
    await this.#assertBranches(input.branch_prices)
    const currency = await settingsService.get<string>('currency')
    const service = await transaction(async (trx) => {
      const created = await Service.create(
        {
          title: input.title!,
          code: input.code || null,
          category: input.category!,
          price: input.price!,
          currency,
          active: input.active ?? true,
          duration: input.duration ?? null,
          payrollPercent: input.payroll_percent ?? null,
        },
        { client: trx }
      )
      await this.#saveBranchPrices(created.id, input.branch_prices, trx)
      return created
    })
    const after = await serializeService(service)
    await audit(
      { event: 'service.created', entityType: 'service', entityId: service.id, after },
      ctx
    )
    return after
  }

  async update(id: number, input: ServiceInput, ctx?: HttpContext) {
    const service = await Service.findOrFail(id)
    const before = await serializeService(service)
    if (input.code !== undefined) await this.#assertCodeFree(input.code, id)
    await this.#assertBranches(input.branch_prices)
    await transaction(async (trx) => {
      service.useTransaction(trx)
      if (input.title !== undefined) service.title = input.title
      if (input.code !== undefined) service.code = input.code || null
      if (input.category !== undefined) service.category = input.category
      if (input.price !== undefined) service.price = input.price
      if (input.active !== undefined) service.active = input.active
      if (input.duration !== undefined) service.duration = input.duration
      if (input.payroll_percent !== undefined) service.payrollPercent = input.payroll_percent
      await service.save()
      await this.#saveBranchPrices(id, input.branch_prices, trx)
    })
    const after = await serializeService(service)
    await audit(
      { event: 'service.updated', entityType: 'service', entityId: id, before, after },
      ctx
    )
    return after
  }

  /** A service used by visits is deactivated (history keeps it); an unused one is deleted. */
  async remove(id: number, ctx?: HttpContext): Promise<{ deleted: boolean; service?: object }> {
    const service = await Service.findOrFail(id)
    const before = await serializeService(service)
    const knex = db.connection(currentTenantOrFail().connectionName)
    if (await knex.from('visit_services').where('service_id', id).first()) {
      return { deleted: false, service: await this.update(id, { active: false }, ctx) }
    }
    await transaction(async (trx) => {
      await trx.from('service_branch_prices').where('service_id', id).delete()
      await trx.from('doctor_services').where('service_id', id).delete()
      await service.useTransaction(trx).delete()
    })
    await audit({ event: 'service.deleted', entityType: 'service', entityId: id, before }, ctx)
    return { deleted: true }
  }

  /** The price of a service in a branch: the branch's own price, else the catalog price. */
  async priceIn(serviceId: number, branchId: number) {
    return branchPrice(await this.pricedIn(branchId).where('services.id', serviceId).firstOrFail())
  }

  /**
   * Services with their price in a branch, in one query (the caller narrows
   * it: ids, active, order; columns as `services.<name>`). Read the price
   * with `branchPrice`.
   */
  pricedIn(branchId: number) {
    return Service.query()
      .select('services.*', 'own.price as branch_price')
      .leftJoin('service_branch_prices as own', (join) => {
        join.on('own.service_id', '=', 'services.id').andOnVal('own.branch_id', '=', branchId)
      })
  }

  async #assertCodeFree(code: string | null, exceptId?: number) {
    if (!code) return
    const query = Service.query().whereRaw('LOWER(code) = ?', [code.toLowerCase()])
    if (exceptId) query.whereNot('id', exceptId)
    if (await query.first()) throw new AppException('SERVICE_CODE_TAKEN', 409, { code })
  }

  async #assertBranches(prices?: { branch_id: number }[]) {
    if (!prices?.length) return
    const known = new Set((await Branch.all()).map((branch) => branch.id))
    const problems = prices
      .map((row, index) => (known.has(row.branch_id) ? null : index))
      .filter((index): index is number => index !== null)
    if (problems.length) {
      throw new FieldErrors(
        problems.map((index) => ({ field: `branch_prices.${index}.branch_id`, rule: 'exists' }))
      )
    }
  }

  async #saveBranchPrices(
    serviceId: number,
    prices: { branch_id: number; price: number }[] | undefined,
    trx: any
  ) {
    if (!prices) return
    await ServiceBranchPrice.query({ client: trx }).where('service_id', serviceId).delete()
    for (const row of prices) {
      await ServiceBranchPrice.create(
        { serviceId, branchId: row.branch_id, price: row.price },
        { client: trx }
      )
    }
  }
}

export default new CatalogService()
