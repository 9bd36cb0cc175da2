import type { HttpContext } from '@adonisjs/core/http'
import Board from '#models/board'
import BoardMedia from '#models/board_media'
import boardDevices from '#services/board/board_devices'
import boardMediaService from '#services/board/board_media_service'
import liveEvents from '#services/board/live_events'
import { createBoardValidator, updateBoardValidator, updateMediaValidator } from '#validators/board'

const originOf = (ctx: HttpContext) => `${ctx.request.protocol()}://${ctx.request.host()}`

/** /api/admin/boards (contract "Tenant reference data"): board devices, their keys and media. */
export default class BoardsController {
  async index() {
    const boards = await boardDevices.list()
    return boards.map((board) => board.serialize())
  }

  async show({ params }: HttpContext) {
    const board = await Board.findOrFail(params.id)
    const media = await boardMediaService.list(board)
    return { ...board.serialize(), media: media.map((item) => item.serialize()) }
  }

  /** → 201 `{id, key, url, …}`: the only time besides rotation that the key is shown. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createBoardValidator)
    const { board, key } = await boardDevices.create(input, ctx)
    liveEvents.boardChanged(board)
    return ctx.response.created({
      ...board.serialize(),
      key,
      url: boardDevices.url(originOf(ctx), key),
    })
  }

  async update(ctx: HttpContext) {
    const board = await Board.findOrFail(ctx.params.id)
    const input = await ctx.request.validateUsing(updateBoardValidator)
    await boardDevices.update(board, input, ctx)
    liveEvents.boardChanged(board)
    return board.serialize()
  }

  /** POST /api/admin/boards/:id/rotate-key → `{id, key, url}`; the old URL answers 401 from now on. */
  async rotateKey(ctx: HttpContext) {
    const board = await Board.findOrFail(ctx.params.id)
    const key = await boardDevices.rotateKey(board, ctx)
    liveEvents.boardChanged(board)
    return { ...board.serialize(), key, url: boardDevices.url(originOf(ctx), key) }
  }

  async destroy(ctx: HttpContext) {
    const board = await Board.findOrFail(ctx.params.id)
    await boardDevices.delete(board, ctx)
    liveEvents.boardChanged(board)
    return ctx.response.noContent()
  }

  /** POST /api/admin/boards/:id/media (multipart `file`): an image ≤ 5 MB or a video ≤ 20 MB. */
  async uploadMedia(ctx: HttpContext) {
    const board = await Board.findOrFail(ctx.params.id)
    const media = await boardMediaService.upload(board, ctx.request.file('file'), ctx)
    return ctx.response.created(media.serialize())
  }

  async updateMedia(ctx: HttpContext) {
    const { board, media } = await this.#media(ctx)
    const input = await ctx.request.validateUsing(updateMediaValidator)
    return (await boardMediaService.update(board, media, input, ctx)).serialize()
  }

  async destroyMedia(ctx: HttpContext) {
    const { board, media } = await this.#media(ctx)
    await boardMediaService.remove(board, media, ctx)
    return ctx.response.noContent()
  }

  /** The board of the URL and one of its media (404 for another board's). */
  async #media({ params }: HttpContext) {
    const board = await Board.findOrFail(params.id)
    const media = await BoardMedia.query()
      .where('board_id', board.id)
      .where('id', params.mediaId)
      .firstOrFail()
    return { board, media }
  }
}
