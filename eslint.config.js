import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  { ignores: ['public/**', 'storage/**', 'tmp/**', '.adonisjs/**', 'build/**'] },
  {
    rules: {
      /* `(await query).length` reads naturally in services and tests. */
      '@unicorn/no-await-expression-member': 'off',
    },
  }
)
