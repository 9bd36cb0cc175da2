import type { HttpContext } from '@adonisjs/core/http'
import catalogService from '#services/admin/catalog_service'
import servicesCsv from '#services/admin/services_csv'
import {
  createServiceValidator,
  importServicesValidator,
  listServicesValidator,
  updateServiceValidator,
} from '#validators/admin_service'

/** /api/admin/services: the catalog, its CSV export and the previewed CSV import. */
export default class ServicesController {
  async index({ request }: HttpContext) {
    return catalogService.list(
      await request.validateUsing(listServicesValidator, { data: request.qs() })
    )
  }

  async show({ params }: HttpContext) {
    return catalogService.show(Number(params.id))
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createServiceValidator)
    return ctx.response.created(await catalogService.create(input, ctx))
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateServiceValidator)
    return catalogService.update(Number(ctx.params.id), input, ctx)
  }

  async destroy(ctx: HttpContext) {
    const result = await catalogService.remove(Number(ctx.params.id), ctx)
    return result.deleted ? ctx.response.noContent() : result.service
  }

  async exportCsv({ response }: HttpContext) {
    return response
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="services.csv"')
      .send(await servicesCsv.export())
  }

  /** POST /api/admin/services/import {csv, confirm?}: a preview; with `confirm: true` the good rows are written. */
  async import(ctx: HttpContext) {
    const { csv, confirm } = await ctx.request.validateUsing(importServicesValidator)
    if (!confirm) return { ...(await servicesCsv.preview(csv, ctx)), imported: null }
    return servicesCsv.import(csv, ctx)
  }
}
