/*
| Environment variables: validated and cast once. Every variable is optional;
| the defaults are the embedded mode (SQLite files, in-process jobs, local disk).
*/
import { Env } from '@adonisjs/core/env'
import { applyEmbeddedSecrets } from './embedded_secrets.js'
import { trustedProxiesVariable } from '#support/trusted_proxies'

const APP_ROOT = new URL('../', import.meta.url)
applyEmbeddedSecrets(APP_ROOT)

export default await Env.create(APP_ROOT, {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_DOMAIN: Env.schema.string.optional(),
  APP_URL_SCHEME: Env.schema.enum.optional(['http', 'https'] as const),
  LOG_LEVEL: Env.schema.string.optional(),
  STORAGE_PATH: Env.schema.string(),
  PLATFORM_TOKEN: Env.schema.secret(),
  DEMO: Env.schema.boolean.optional(),
  QUEUE_JOIN_IP_LIMIT_PER_MINUTE: Env.schema.number.optional(),
  TRUSTED_PROXIES: trustedProxiesVariable,

  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'mysql'] as const),
  MYSQL_HOST: Env.schema.string.optional({ format: 'host' }),
  MYSQL_PORT: Env.schema.number.optional(),
  MYSQL_USER: Env.schema.string.optional(),
  MYSQL_PASSWORD: Env.schema.string.optional(),
  MYSQL_DATABASE: Env.schema.string.optional(),
  DB_TENANT_PREFIX: Env.schema.string.optional(),

  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.string.optional(),
  REDIS_PREFIX: Env.schema.string.optional(),

  TENANT_MAX_OPEN_CONNECTIONS: Env.schema.number.optional(),
  TENANT_IDLE_SECONDS: Env.schema.number.optional(),
})
