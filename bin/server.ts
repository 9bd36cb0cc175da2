/*
| HTTP server entrypoint (`npm start` reaches it through bin/start.js).
*/
import { prettyPrintError } from '@adonisjs/core'
import { createIgnitor } from './ignitor.js'

createIgnitor()
  .tap((app) => app.listen('SIGINT', () => app.terminate()))
  .httpServer()
  .start()
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
