import env from '#start/env'
import { Exception } from '@adonisjs/core/exceptions'
import type { JobDefinition, JobDriver } from './job_definition.js'
import { InProcessDriver } from './in_process_driver.js'
import { BullMqDriver } from './bullmq_driver.js'

/** A tenant job arrived without the tenant it belongs to. */
export class TenantlessJobException extends Exception {
  static code = 'E_TENANTLESS_JOB'
  static status = 500
}

/**
 * The one job API of the app. The driver is chosen by env: BullMQ on Redis when
 * REDIS_HOST is set, in-process otherwise.
 */
export class JobQueue {
  #definitions = new Map<string, JobDefinition<any>>()
  #driver?: JobDriver

  register(definition: JobDefinition<any>) {
    this.#definitions.set(definition.name, definition)
  }

  get driver(): JobDriver {
    this.#driver ??= env.get('REDIS_HOST')
      ? new BullMqDriver(
          {
            host: env.get('REDIS_HOST')!,
            port: env.get('REDIS_PORT', 6379),
            password: env.get('REDIS_PASSWORD'),
            prefix: `${env.get('REDIS_PREFIX', 'clinic')}:bull`,
          },
          (name, payload) => this.run(name, payload)
        )
      : new InProcessDriver((name, payload) => this.run(name, payload))
    return this.#driver
  }

  /**
   * Queues a job. Inside a tenant prefer `currentTenantOrFail().jobs.dispatch`,
   * which adds the tenant to the payload.
   */
  async dispatch(name: string, payload: Record<string, any> = {}) {
    const definition = this.#definitionOrFail(name)
    if (definition.scope === 'tenant' && !payload.tenantId) {
      throw new TenantlessJobException(`Job "${name}" is a tenant job: its payload needs tenantId`)
    }
    return this.driver.dispatch(name, payload, definition.attempts ?? 3)
  }

  /** Runs a job where a worker picked it up: tenant jobs re-enter their tenant first. */
  async run(name: string, payload: Record<string, any>) {
    const definition = this.#definitionOrFail(name)
    if (definition.scope === 'platform') return definition.handle(payload)

    if (!payload.tenantId) {
      throw new TenantlessJobException(`Job "${name}" refused: no tenantId in its payload`)
    }
    const { default: tenancy } = await import('#tenants/tenancy')
    await tenancy.runForTenantId(Number(payload.tenantId), () => definition.handle(payload))
  }

  /** Starts consuming jobs in this process when the driver is BullMQ. */
  startWorker() {
    if (this.driver instanceof BullMqDriver) this.driver.startWorker()
  }

  drain() {
    return this.driver.drain()
  }

  async close() {
    await this.#driver?.close()
    this.#driver = undefined
  }

  #definitionOrFail(name: string) {
    const definition = this.#definitions.get(name)
    if (!definition) throw new Exception(`Unknown job "${name}"`, { code: 'E_UNKNOWN_JOB' })
    return definition
  }
}

const jobQueue = new JobQueue()
export default jobQueue
