/** GET /health on platform and tenant hosts. */
export default class HealthController {
  async show() {
    return { status: 'ok' }
  }
}
