import transmit from '@adonisjs/transmit/services/main'

/**
 * Ends every open SSE stream of this instance. A stream never ends by itself,
 * so without this a graceful shutdown (or a test server's close) would wait
 * for the screens forever; the screens reconnect to the next instance.
 */
export function closeAllStreams() {
  for (const [stream] of transmit.getManager().getAllSubscribers()) stream.end()
}
