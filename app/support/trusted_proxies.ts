import proxyaddr from 'proxy-addr'

/** Unset `TRUSTED_PROXIES`: a reverse proxy on the same machine. */
export const DEFAULT_TRUSTED_PROXIES = ['loopback']

/**
 * The peers whose `X-Forwarded-For` / `-Proto` / `-Host` are believed: the
 * `TRUSTED_PROXIES` variable, a comma list of addresses, CIDR ranges and
 * proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`); `none` trusts
 * no peer. Anyone else is taken at its socket address, whatever it sends, so
 * the admin IP allow-list and the per-address limits cannot be talked around.
 * Throws on an entry that is not an address or range.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  if (!value?.trim()) return DEFAULT_TRUSTED_PROXIES
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  if (entries.length === 1 && entries[0].toLowerCase() === 'none') return []
  proxyaddr.compile(entries)
  return entries
}

/** A `trustProxy` function: is the peer at `address` (`hop` proxies away) trusted? */
export function compileTrustedProxies(entries: string[]) {
  return proxyaddr.compile(entries)
}

/**
 * The HTTP server's `trustProxy` (config/app.ts): the list of TRUSTED_PROXIES,
 * replaceable while running (tests play a client that is not a proxy). The
 * server caches its X-Forwarded-Proto/-Host decision per peer address, so a
 * replacement is certain for the client's address (`request.ip()`) only.
 */
class TrustedProxies {
  #trust = compileTrustedProxies(DEFAULT_TRUSTED_PROXIES)

  /** Trusts exactly these entries from now on; returns the server's function. */
  use(entries: string[]) {
    this.#trust = compileTrustedProxies(entries)
    return this.trust
  }

  trust = (address: string, hop: number) => this.#trust(address, hop)
}

export const trustedProxies = new TrustedProxies()

/** `start/env.ts` validator of `TRUSTED_PROXIES`, in the wording of the other variables. */
export function trustedProxiesVariable(key: string, value?: string): string[] {
  try {
    return parseTrustedProxies(value)
  } catch (error) {
    throw new Error(
      `Value for environment variable "${key}" must be a comma list of addresses, CIDR ranges, loopback, linklocal, uniquelocal or none, instead received "${value}" (${(error as Error).message})`
    )
  }
}
