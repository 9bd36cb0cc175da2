import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'
import { redis } from '@adonisjs/transmit/transports/redis'

/**
 * Server-Sent Events. In memory on the embedded default; with REDIS_HOST every
 * broadcast also goes through Redis, so an event raised on one app instance
 * (or in a job worker) reaches streams held by another. Subscriptions stay in
 * the memory of the instance holding the stream (sticky SSE routing).
 */
const redisHost = env.get('REDIS_HOST')

export default defineConfig({
  pingInterval: '25s',
  transport: redisHost
    ? {
        driver: redis({
          host: redisHost,
          port: env.get('REDIS_PORT', 6379),
          password: env.get('REDIS_PASSWORD') || undefined,
        }),
        channel: `${env.get('REDIS_PREFIX', 'clinic')}:transmit`,
      }
    : null,
})
