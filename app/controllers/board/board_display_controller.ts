import type { HttpContext } from '@adonisjs/core/http'
import Doctor from '#models/doctor'
import { AppException } from '#exceptions/app_exception'
import boardDevices from '#services/board/board_devices'
import boardState from '#services/board/board_state'
import boardMediaService from '#services/board/board_media_service'
import { boardKeyOf } from '#services/board/channel_access'
import doctorService from '#services/admin/doctor_service'
import settingsService from '#services/settings/settings_service'
import { setLocale } from '#middleware/detect_locale_middleware'

/** The key opens its board or nothing: 401 BOARD_NOT_REGISTERED (wrong, rotated, switched off). */
async function boardOrFail(key: string | null | undefined) {
  const board = await boardDevices.findByKey(key)
  if (!board) throw new AppException('BOARD_NOT_REGISTERED', 401)
  return board
}

/** The board device's side (no login; the key in the URL or the X-Board-Key header). */
export default class BoardDisplayController {
  /**
   * GET /display/:key: the full-screen page in the board's language (the TV's
   * browser language means nothing here); a bad key shows "board not
   * registered" in the clinic's language.
   */
  async page(ctx: HttpContext) {
    const board = await boardDevices.findByKey(ctx.params.key)
    if (!board) ctx.response.status(401)
    setLocale(ctx, board?.voiceLang ?? (await settingsService.get<string>('locale')))
    return ctx.inertia.render('display/board', {
      boardKey: board ? ctx.params.key : null,
      theme: board?.theme ?? 'dark',
    })
  }

  /** GET /api/board/state (contract): the snapshot the page shows after every (re)connect. */
  async state(ctx: HttpContext) {
    const key = boardKeyOf(ctx)
    const board = await boardOrFail(key)
    ctx.response.header('Cache-Control', 'no-store')
    return boardState.snapshot(board, key!)
  }

  /** GET /display/:key/media/:id: a banner or video uploaded for this board. */
  async media(ctx: HttpContext) {
    const board = await boardOrFail(ctx.params.key)
    const found = await boardMediaService.read(board, Number(ctx.params.id))
    if (!found) return ctx.response.notFound()
    ctx.response.header('Content-Type', found.media.mime)
    ctx.response.header('Cache-Control', 'private, max-age=86400')
    return ctx.response.send(Buffer.from(found.bytes))
  }

  /** GET /display/:key/doctors/:id/photo: a doctor's photo for a call card. */
  async doctorPhoto(ctx: HttpContext) {
    const board = await boardOrFail(ctx.params.key)
    const doctor = await Doctor.find(Number(ctx.params.id))
    if (!doctor || doctor.branchId !== board.branchId) return ctx.response.notFound()
    const photo = await doctorService.photo(doctor.id)
    if (!photo) return ctx.response.notFound()
    ctx.response.header('Cache-Control', 'private, max-age=3600')
    ctx.response.header('Content-Type', photo.type)
    return ctx.response.send(Buffer.from(photo.bytes))
  }
}
