import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'

/**
 * The embedded mode must run with zero configuration: when APP_KEY or
 * PLATFORM_TOKEN are not given, they are generated once and kept in
 * `<STORAGE_PATH>/secrets.json`, so restarts keep sessions and tokens valid.
 */
export function applyEmbeddedSecrets(appRoot: URL) {
  const storage = process.env.STORAGE_PATH || './storage'
  const storagePath = isAbsolute(storage) ? storage : resolve(appRoot.pathname, storage)
  const file = join(storagePath, 'secrets.json')

  const saved: Record<string, string> = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : {}
  const secrets = {
    APP_KEY: saved.APP_KEY || randomBytes(32).toString('base64url'),
    PLATFORM_TOKEN: saved.PLATFORM_TOKEN || `pt_${randomBytes(24).toString('base64url')}`,
  }
  if (saved.APP_KEY !== secrets.APP_KEY || saved.PLATFORM_TOKEN !== secrets.PLATFORM_TOKEN) {
    mkdirSync(storagePath, { recursive: true })
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  }

  process.env.STORAGE_PATH = storagePath
  process.env.APP_KEY ||= secrets.APP_KEY
  process.env.PLATFORM_TOKEN ||= secrets.PLATFORM_TOKEN
}
