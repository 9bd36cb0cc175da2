import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: ['public/**', 'storage/**', 'tmp/**', '.adonisjs/**', 'build/**'],
})
