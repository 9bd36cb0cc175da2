import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#tenants/tenant_model'

/** A branch's own price of a service (minor units), overriding the catalog price. */
export default class ServiceBranchPrice extends TenantModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare serviceId: number

  @column()
  declare branchId: number

  @column({ consume: Number })
  declare price: number
}
