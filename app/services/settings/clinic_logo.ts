import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import Setting from '#models/setting'
import Board from '#models/board'
import liveEvents from '#services/board/live_events'
import { currentTenantOrFail } from '#tenants/context'
import { audit } from '#services/audit_service'
import { checkUpload, fitsRule, UPLOAD_RULES } from '#services/uploads/upload_check'

/**
 * Raster images only (PNG, JPEG, WebP ≤ 1 MB), decoded, scaled into 1024 px
 * and re-encoded by the shared upload rule (`upload_check.ts`): an SVG can
 * carry script and is refused, a picture that does not decode or declares
 * too many pixels too.
 */
export const LOGO_MAX_BYTES = UPLOAD_RULES.clinicLogo.images['image/png'].maxBytes

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
    const { bytes, mime, ext } = await checkUpload(file, UPLOAD_RULES.clinicLogo)

    const before = await this.current()
    const version = createHash('sha256').update(bytes).digest('hex').slice(0, 16)
    const logo: LogoFile = {
      path: `branding/logo-${version}.${ext}`,
      mime,
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

  /**
   * The logo as a data: URL for PDF templates (they render with the network
   * blocked), or null. A logo stored before uploads were checked that declares
   * more pixels than the rule allows is left out rather than stall Chromium.
   */
  async dataUrl() {
    const found = await this.read().catch(() => null)
    if (!found || !(await fitsRule(found.bytes, UPLOAD_RULES.clinicLogo))) return null
    return `data:${found.mime};base64,${Buffer.from(found.bytes).toString('base64')}`
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
