/*
| `npm start`: runs the app on the embedded defaults unless env vars say otherwise.
| Builds the front end when the built assets are missing or older than the sources,
| then starts the HTTP server (which prepares the central database and the demo tenant).
*/
import { spawnSync } from 'node:child_process'
import { existsSync, statSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../', import.meta.url).pathname
process.env.NODE_ENV ??= 'production'
process.env.DEMO ??= 'true'
/* The demo clinic's password is published: by default only this machine reaches it (issue 12 F10). */
if (process.env.DEMO !== 'false') process.env.HOST ??= '127.0.0.1'

function newestMtime(dir) {
  if (!existsSync(dir)) return 0
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const manifest = join(root, 'public/assets/.vite/manifest.json')
const sourcesChanged =
  !existsSync(manifest) ||
  Math.max(newestMtime(join(root, 'resources')), newestMtime(join(root, 'plugins'))) >
    statSync(manifest).mtimeMs

if (sourcesChanged) {
  console.log('Building the front end…')
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

await import('@poppinss/ts-exec')
await import('./server.js')
