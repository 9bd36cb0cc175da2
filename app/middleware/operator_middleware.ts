import { timingSafeEqual } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import env from '#start/env'
import { AppException } from '#exceptions/app_exception'

function sameSecret(given: string, expected: string) {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Does an `Authorization` header carry the operator's token? */
export function isOperatorToken(header: string) {
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
  return !!token && sameSecret(token, env.get('PLATFORM_TOKEN').release())
}

/** The platform operator API: `Authorization: Bearer $PLATFORM_TOKEN`. */
export default class OperatorMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!isOperatorToken(ctx.request.header('authorization') ?? '')) {
      throw new AppException('UNAUTHORIZED', 401)
    }
    return next()
  }
}
