import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { fileTypeFromBuffer } from 'file-type'
import Setting from '#models/setting'
import Board from '#models/board'
import liveEvents from '#services/board/live_events'
import { FieldErrors } from '#exceptions/field_errors'
import { currentTenantOrFail } from '#tenants/context'
import { audit } from '#services/audit_service'

/**
 * Raster images only, checked on the bytes: an SVG can carry script and is
 * refused (file-type does not recognise it, so it never reaches this list).
 */
const TYPES = new Set(['image/png', 'image/jpeg', 'image/webp'])
export const LOGO_MAX_BYTES = 1024 * 1024

/**
 * Where the logo is: a tenant-wide row of the settings table that is not a
 * setting definition, so only an upload (never PUT /settings) can point it at a file.
 */
const POINTER_KEY = 'clinic.logo'
const TENANT_WIDE = 0

interface LogoFile {
  path: string
  mime: string
  /** A hash of the bytes: the public URL changes with the picture, so it can be cached for long. */
  version: string
}

/**
 * The clinic's logo (settings → general, spec §7.2): uploaded by an admin,
 * stored in the tenant's files, served without login at `/clinic/logo` to the
 * panels, the board and the /q page, and embedded as a data: URL into PDFs.
 */
class ClinicLogo {
  async upload(file: MultipartFile | null, ctx?: HttpContext) {
    if (!file || !file.tmpPath) throw FieldErrors.of('logo', 'required')
    const bytes = await readFile(file.tmpPath)
    const detected = await fileTypeFromBuffer(bytes)
    if (!detected || !TYPES.has(detected.mime)) throw FieldErrors.of('logo', 'imageType')
    if (bytes.length > LOGO_MAX_BYTES) throw FieldErrors.of('logo', 'fileSize', { size: '1 MB' })

    const before = await this.current()
    const version = createHash('sha256').update(bytes).digest('hex').slice(0, 16)
    const logo: LogoFile = {
      path: `branding/logo-${version}.${detected.ext}`,
      mime: detected.mime,
      version,
    }
    const { files, cache } = currentTenantOrFail()
    await files.put(logo.path, bytes)
    await Setting.updateOrCreate({ branchId: TENANT_WIDE, key: POINTER_KEY }, { value: logo })
    await cache.clear()
    if (before && before.path !== logo.path) await files.delete(before.path)
    await this.#tellBoards()
    await audit(
      {
        event: 'clinic.logo_updated',
        entityType: 'tenant',
        before: before ? { logo: before.path } : null,
        after: { logo: logo.path, size: bytes.length },
      },
      ctx
    )
    return { logo_url: this.#urlOf(logo) }
  }

  async remove(ctx?: HttpContext) {
    const before = await this.current()
    if (!before) return
    const { files, cache } = currentTenantOrFail()
    await Setting.query().where('branch_id', TENANT_WIDE).where('key', POINTER_KEY).delete()
    await cache.clear()
    await files.delete(before.path)
    await this.#tellBoards()
    await audit(
      { event: 'clinic.logo_removed', entityType: 'tenant', before: { logo: before.path } },
      ctx
    )
  }

  /** The current tenant's logo file, or null (cached with the tenant's settings). */
  async current(): Promise<LogoFile | null> {
    const cached = await currentTenantOrFail().cache.getOrSet({
      key: 'clinic-logo',
      ttl: '10m',
      factory: async () => {
        const row = await Setting.query()
          .where('branch_id', TENANT_WIDE)
          .where('key', POINTER_KEY)
          .first()
        return { logo: (row?.value as LogoFile | undefined) ?? null }
      },
    })
    return cached.logo
  }

  /** The public address of the logo (changes with the picture), or null. */
  async url() {
    const logo = await this.current()
    return logo ? this.#urlOf(logo) : null
  }

  /** The bytes and type, for the public route. */
  async read() {
    const logo = await this.current()
    if (!logo) return null
    return { mime: logo.mime, bytes: await currentTenantOrFail().files.getBytes(logo.path) }
  }

  /** The logo as a data: URL for PDF templates (they render with the network blocked), or null. */
  async dataUrl() {
    const found = await this.read().catch(() => null)
    return found ? `data:${found.mime};base64,${Buffer.from(found.bytes).toString('base64')}` : null
  }

  /** The boards re-read their state, logo included, at once. */
  async #tellBoards() {
    for (const board of await Board.all()) liveEvents.boardChanged(board)
  }

  #urlOf(logo: LogoFile) {
    return `/clinic/logo?v=${logo.version}`
  }
}

export default new ClinicLogo()
