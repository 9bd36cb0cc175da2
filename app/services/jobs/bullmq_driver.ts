import { Queue, Worker } from 'bullmq'
import type { JobDriver } from './job_definition.js'

interface RedisOptions {
  host: string
  port: number
  password?: string
  prefix: string
}

/**
 * Production driver: jobs go to Redis through BullMQ; any process that calls
 * `startWorker` (the web process by default, or `node ace jobs:work`) runs them.
 */
export class BullMqDriver implements JobDriver {
  #queue: Queue
  #worker?: Worker
  #connection: { host: string; port: number; password?: string; maxRetriesPerRequest: null }

  constructor(
    private options: RedisOptions,
    private run: (name: string, payload: Record<string, any>) => Promise<void>
  ) {
    this.#connection = {
      host: options.host,
      port: options.port,
      password: options.password || undefined,
      maxRetriesPerRequest: null,
    }
    this.#queue = new Queue('jobs', { connection: this.#connection, prefix: options.prefix })
  }

  async dispatch(name: string, payload: Record<string, any>, attempts: number) {
    const job = await this.#queue.add(name, payload, {
      attempts,
      backoff: { type: 'exponential', delay: 200 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    })
    return job.id!
  }

  startWorker(concurrency = 5) {
    this.#worker ??= new Worker('jobs', (job) => this.run(job.name, job.data), {
      connection: this.#connection,
      prefix: this.options.prefix,
      concurrency,
    })
    return this.#worker
  }

  async drain() {
    for (;;) {
      const counts = await this.#queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
      if (Object.values(counts).every((count) => count === 0)) return
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  async close() {
    await this.#worker?.close()
    await this.#queue.close()
  }
}
