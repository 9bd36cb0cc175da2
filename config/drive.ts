import env from '#start/env'
import { join } from 'node:path'
import { defineConfig, services } from '@adonisjs/drive'

/**
 * Local disk under STORAGE_PATH/files on the embedded default. Tenant files go
 * under `tenants/<id>/` (tenants/bootstrappers/drive.ts).
 */
const driveConfig = defineConfig({
  default: 'fs',
  services: {
    fs: services.fs({
      location: join(env.get('STORAGE_PATH'), 'files'),
      serveFiles: false,
      visibility: 'private',
    }),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
