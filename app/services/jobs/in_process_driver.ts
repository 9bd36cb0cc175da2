import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import type { JobDriver } from './job_definition.js'

/**
 * Embedded default: jobs run in this process on the next tick, with retries.
 * Same API as the BullMQ driver, so code does not know which one runs.
 */
export class InProcessDriver implements JobDriver {
  #pending = new Set<Promise<void>>()

  constructor(private run: (name: string, payload: Record<string, any>) => Promise<void>) {}

  async dispatch(name: string, payload: Record<string, any>, attempts: number) {
    const id = randomUUID()
    const task = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.#attempt(id, name, payload, attempts)
    )
    this.#pending.add(task)
    task.finally(() => this.#pending.delete(task))
    return id
  }

  async #attempt(id: string, name: string, payload: Record<string, any>, attempts: number) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await this.run(name, payload)
      } catch (error) {
        logger.error({ err: error, job: name, id, attempt }, 'job failed')
        if (attempt < attempts) await new Promise((r) => setTimeout(r, 50 * attempt))
      }
    }
  }

  async drain() {
    while (this.#pending.size) await Promise.all([...this.#pending])
  }

  async close() {
    await this.drain()
  }
}
