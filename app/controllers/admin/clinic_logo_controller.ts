import type { HttpContext } from '@adonisjs/core/http'
import clinicLogo from '#services/settings/clinic_logo'

/**
 * The clinic's logo: POST/DELETE /api/admin/settings/logo (settings.manage)
 * and GET /clinic/logo, public on the tenant's host for the boards and the
 * /q page: each host serves only its own tenant's logo.
 */
export default class ClinicLogoController {
  async upload(ctx: HttpContext) {
    return clinicLogo.upload(ctx.request.file('logo'), ctx)
  }

  async destroy(ctx: HttpContext) {
    await clinicLogo.remove(ctx)
    return { logo_url: null }
  }

  async show({ request, response }: HttpContext) {
    const logo = await clinicLogo.read()
    if (!logo) return response.notFound({ error: { code: 'NOT_FOUND' } })
    /** The versioned address never changes its picture; the bare one is checked each time. */
    const versioned = request.input('v') === (await clinicLogo.current())?.version
    return response
      .header('content-type', logo.mime)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(Buffer.from(logo.bytes))
  }
}
