/**
 * The board's sound (BRD-R2/R10): a two-tone chime through Web Audio, then the
 * spoken call through the browser's speech synthesis in the board's language.
 * Calls are announced one after another, never over each other.
 */
const VOICE_LANG: Record<string, string> = { ru: 'ru-RU', uz: 'uz-UZ', en: 'en-US' }

export interface Announcement {
  text: string
  lang: string
  volume: number
  chime: boolean
  voice: boolean
}

export class Announcer {
  #queue: Announcement[] = []
  #busy = false
  #audio: AudioContext | null = null

  /** False until the page may play sound (browsers want a gesture unless the kiosk allows autoplay). */
  get soundAllowed() {
    return this.#context()?.state === 'running'
  }

  /** Call from a click or key press to unlock sound. */
  async unlock() {
    await this.#context()?.resume()
  }

  say(item: Announcement) {
    this.#queue.push(item)
    if (!this.#busy) void this.#next()
  }

  async #next() {
    const item = this.#queue.shift()
    if (!item) {
      this.#busy = false
      return
    }
    this.#busy = true
    try {
      if (item.chime) await this.#chime(item.volume)
      if (item.voice) await this.#speak(item)
    } catch {
      /* a board without sound still shows the call */
    }
    void this.#next()
  }

  #context() {
    if (this.#audio) return this.#audio
    const Context = window.AudioContext ?? (window as any).webkitAudioContext
    this.#audio = Context ? new Context() : null
    return this.#audio
  }

  #chime(volume: number) {
    const context = this.#context()
    if (!context || context.state !== 'running') return Promise.resolve()
    const gain = context.createGain()
    gain.connect(context.destination)
    const start = context.currentTime
    const level = Math.max(0.0001, (volume / 100) * 0.4)
    for (const [index, frequency] of [880, 660].entries()) {
      const osc = context.createOscillator()
      osc.type = 'sine'
      osc.frequency.value = frequency
      osc.connect(gain)
      const at = start + index * 0.45
      gain.gain.setValueAtTime(level, at)
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.42)
      osc.start(at)
      osc.stop(at + 0.45)
    }
    return new Promise<void>((resolve) => setTimeout(resolve, 1000))
  }

  #speak(item: Announcement) {
    const synth = window.speechSynthesis
    if (!synth) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const utterance = new SpeechSynthesisUtterance(item.text)
      utterance.lang = VOICE_LANG[item.lang] ?? item.lang
      const voice = synth.getVoices().find((v) => v.lang.startsWith(item.lang))
      if (voice) utterance.voice = voice
      utterance.volume = item.volume / 100
      utterance.rate = 0.9
      const done = () => resolve()
      utterance.onend = done
      utterance.onerror = done
      setTimeout(done, 12000)
      synth.speak(utterance)
    })
  }
}
