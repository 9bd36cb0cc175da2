import { onBeforeUnmount, ref } from 'vue'
import { Transmit } from '@adonisjs/transmit-client'
import { readCookie } from '~/composables/use_api'

export interface LiveChannelOptions {
  /** Extra headers of the subscribe request (a board sends its key). */
  headers?: Record<string, string>
  /** Every message of the channel. */
  onMessage: (payload: any) => void
  /**
   * After the stream (re)connects and while it is down (every `pollMs`):
   * SSE replays nothing, so the screen re-reads its state here.
   */
  resync: () => void | Promise<void>
  /** Polling period while the stream is down (BRD-R3: 5-10 s). */
  pollMs?: number
}

/**
 * One live channel over Server-Sent Events (@adonisjs/transmit-client) with
 * the fallbacks a screen on a wall needs: a re-sync on every (re)connect,
 * polling while the stream is down, and a fresh connection when the browser
 * gave up retrying. `online` drives the offline badge.
 */
export function useLiveChannel(options: LiveChannelOptions) {
  const online = ref(false)
  const pollMs = options.pollMs ?? 7000
  let transmit: Transmit | null = null
  let channel: string | null = null
  let pollTimer: ReturnType<typeof setInterval> | null = null
  let reviveTimer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  function startPolling() {
    if (pollTimer) return
    pollTimer = setInterval(() => void options.resync(), pollMs)
  }

  function stopPolling() {
    if (pollTimer) clearInterval(pollTimer)
    pollTimer = null
  }

  function connect() {
    if (!channel || stopped) return
    transmit?.close()
    const current = new Transmit({
      baseUrl: window.location.origin,
      maxReconnectAttempts: 8,
      beforeSubscribe: (request: Request) => {
        for (const [name, value] of Object.entries(options.headers ?? {})) {
          request.headers.set(name, value)
        }
        const token = readCookie('XSRF-TOKEN')
        if (token) request.headers.set('X-XSRF-TOKEN', token)
      },
      onSubscribeFailed: () => {
        online.value = false
        startPolling()
        scheduleRevive()
      },
      onReconnectFailed: () => scheduleRevive(),
      /* After every (re)subscription, not on `connected`: an event between a read and the subscription would be lost. */
      onSubscription: () => {
        online.value = true
        stopPolling()
        void options.resync()
      },
    })
    transmit = current
    current.on('disconnected', () => {
      online.value = false
      startPolling()
    })
    const subscription = current.subscription(channel)
    subscription.onMessage(options.onMessage)
    void subscription.create().catch(() => {
      online.value = false
      startPolling()
      scheduleRevive()
    })
  }

  /** The browser stopped retrying (server down long, proxy error): start over later. */
  function scheduleRevive() {
    if (reviveTimer || stopped) return
    reviveTimer = setTimeout(() => {
      reviveTimer = null
      connect()
    }, pollMs * 2)
  }

  function start(name: string) {
    stopped = false
    if (channel === name && transmit) return
    channel = name
    connect()
  }

  function stop() {
    stopped = true
    stopPolling()
    if (reviveTimer) clearTimeout(reviveTimer)
    transmit?.close()
    transmit = null
  }

  onBeforeUnmount(stop)
  return { online, start, stop, startPolling }
}
