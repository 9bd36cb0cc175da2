import { Exception } from '@adonisjs/core/exceptions'

/**
 * An error a user can meet, with a stable machine code. The handler answers
 * `{"error": {"code", "message"}}` with the message of `errors.<code>` in the
 * request's language; `details` fill the message's placeholders and go out too.
 */
export class AppException extends Exception {
  constructor(
    code: string,
    status = 400,
    public details: Record<string, unknown> = {}
  ) {
    super(code, { code, status })
  }
}
