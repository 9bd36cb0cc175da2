import env from '#start/env'
import { defineConfig, store, drivers } from '@adonisjs/cache'

/**
 * Memory cache on the embedded default; memory L1 + Redis L2 (with bus
 * invalidation between instances) when REDIS_HOST is set. Tenant code reaches
 * the cache through its namespace `t:<id>` (tenants/bootstrappers/cache.ts).
 */
const withRedis = !!env.get('REDIS_HOST')
/** Keys of this deployment: two deployments (or test runs) sharing a Redis never meet. */
const prefix = `${env.get('REDIS_PREFIX', 'clinic')}:cache`

const cacheConfig = defineConfig({
  default: 'default',
  stores: {
    default: withRedis
      ? store()
          .useL1Layer(drivers.memory({ maxSize: '50mb' }))
          .useL2Layer(drivers.redis({ connectionName: 'main', prefix }))
          .useBus(drivers.redisBus({ connectionName: 'main' }))
      : store().useL1Layer(drivers.memory({ maxSize: '50mb' })),
  },
})

export default cacheConfig

declare module '@adonisjs/cache/types' {
  interface CacheStores extends InferStores<typeof cacheConfig> {}
}
