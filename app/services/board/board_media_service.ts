import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type Board from '#models/board'
import BoardMedia from '#models/board_media'
import { currentTenantOrFail } from '#tenants/context'
import { audit } from '#services/audit_service'
import liveEvents from '#services/board/live_events'
import { checkUpload, UPLOAD_RULES } from '#services/uploads/upload_check'

/**
 * Banners and short videos of a board, uploaded in admin and stored in the
 * tenant's files (BRD-R7: no external links). Order and slide duration are
 * editable; every change tells the board to re-fetch (ANNOUNCEMENT_UPDATE).
 */
class BoardMediaService {
  list(board: Board) {
    return BoardMedia.query().where('board_id', board.id).orderBy('position').orderBy('id')
  }

  async upload(board: Board, file: MultipartFile | null, ctx?: HttpContext) {
    /* What a board may play (BRD-R7): pictures (PNG, JPEG, WebP ≤ 5 MB, re-encoded into 3840 px) and MP4/WebM ≤ 20 MB. */
    const { bytes, mime, ext, kind } = await checkUpload(file, UPLOAD_RULES.boardMedia)
    const path = `boards/${board.id}/${randomUUID()}.${ext}`
    await currentTenantOrFail().files.put(path, bytes)
    const last = await BoardMedia.query().where('board_id', board.id).max('position as top').first()
    const media = await BoardMedia.create({
      boardId: board.id,
      kind,
      path,
      mime,
      size: bytes.length,
      originalName: (file?.clientName ?? 'file').slice(0, 200),
      position: Number(last?.$extras.top ?? -1) + 1,
      durationSeconds: kind === 'video' ? 30 : 10,
    })
    await audit(
      {
        event: 'board.media_added',
        entityType: 'board',
        entityId: board.id,
        after: media.serialize(),
      },
      ctx
    )
    liveEvents.boardChanged(board)
    return media
  }

  async update(
    board: Board,
    media: BoardMedia,
    input: { position?: number; duration_seconds?: number },
    ctx?: HttpContext
  ) {
    const before = media.serialize()
    if (input.position !== undefined) media.position = input.position
    if (input.duration_seconds !== undefined) media.durationSeconds = input.duration_seconds
    await media.save()
    await audit(
      {
        event: 'board.media_updated',
        entityType: 'board',
        entityId: board.id,
        before,
        after: media.serialize(),
      },
      ctx
    )
    liveEvents.boardChanged(board)
    return media
  }

  async remove(board: Board, media: BoardMedia, ctx?: HttpContext) {
    await media.delete()
    await currentTenantOrFail().files.delete(media.path)
    await audit(
      {
        event: 'board.media_removed',
        entityType: 'board',
        entityId: board.id,
        before: media.serialize(),
      },
      ctx
    )
    liveEvents.boardChanged(board)
  }

  /** The bytes of one of the board's files, for the board page. */
  async read(board: Board, mediaId: number) {
    const media = await BoardMedia.query().where('board_id', board.id).where('id', mediaId).first()
    if (!media) return null
    return { media, bytes: await currentTenantOrFail().files.getBytes(media.path) }
  }
}

export default new BoardMediaService()
