import drive from '@adonisjs/drive/services/main'
import { Exception } from '@adonisjs/core/exceptions'
import type Tenant from '#tenants/models/tenant'

/**
 * The tenant's files on the configured disk (local disk or S3): every key is
 * stored under `tenants/<id>/`, and keys cannot climb out of it.
 */
export class TenantFiles {
  constructor(readonly prefix: string) {}

  key(key: string) {
    const clean = key.replace(/^\/+/, '')
    if (clean.split('/').some((part) => part === '..' || part === '')) {
      throw new Exception(`Invalid file key "${key}"`, { status: 400, code: 'E_INVALID_FILE_KEY' })
    }
    return `${this.prefix}${clean}`
  }

  put(key: string, contents: string | Uint8Array) {
    return drive.use().put(this.key(key), contents)
  }

  get(key: string) {
    return drive.use().get(this.key(key))
  }

  getBytes(key: string) {
    return drive.use().getBytes(this.key(key))
  }

  exists(key: string) {
    return drive.use().exists(this.key(key))
  }

  delete(key: string) {
    return drive.use().delete(this.key(key))
  }
}

export function bootstrapFiles(tenant: Tenant) {
  return new TenantFiles(`tenants/${tenant.id}/`)
}
