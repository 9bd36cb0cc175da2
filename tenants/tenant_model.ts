import db from '@adonisjs/lucid/services/db'
import { Adapter, BaseModel } from '@adonisjs/lucid/orm'
import type { LucidModel, ModelAdapterOptions } from '@adonisjs/lucid/types/model'
import { Exception } from '@adonisjs/core/exceptions'
import { currentTenantOrFail } from '#tenants/context'

/** Raised when tenant data is asked for through another tenant's or the central connection. */
export class CrossTenantAccessException extends Exception {
  static status = 500
  static code = 'E_CROSS_TENANT_ACCESS'
}

/**
 * Every query, insert, update and delete of a tenant model obtains its client
 * here: always the current tenant's connection. An explicit connection or
 * transaction of another database is refused instead of silently used.
 */
class TenantAdapter extends Adapter {
  modelConstructorClient(modelConstructor: LucidModel, options?: ModelAdapterOptions) {
    const expected = currentTenantOrFail().connectionName
    const requested = options?.client?.connectionName ?? options?.connection
    if (requested && requested !== expected) {
      throw new CrossTenantAccessException(
        `${modelConstructor.name} was asked for through "${requested}", the current tenant uses "${expected}"`
      )
    }
    return options?.client ?? db.connection(expected)
  }
}

let adapter: TenantAdapter | undefined

/**
 * Base of every model stored in a tenant database. Its connection comes from
 * the tenant context, so tenant data can never be read from or written to the
 * central database or another tenant's database.
 */
export class TenantModel extends BaseModel {
  static get $adapter() {
    adapter ??= new TenantAdapter(db)
    return adapter
  }

  static set $adapter(_value) {}

  static get connection(): string {
    return currentTenantOrFail().connectionName
  }

  static set connection(_value: string | undefined) {}
}
