import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import adonisjs from '@adonisjs/vite/client'

export default defineConfig({
  plugins: [
    vue(),
    adonisjs({ entryPoints: ['resources/js/app.ts'], reload: ['resources/views/**/*.edge'] }),
  ],
  /* Clinics are reached on subdomains and custom domains, in dev and tests too. */
  server: { allowedHosts: true },
  resolve: {
    alias: {
      '~/': `${import.meta.dirname}/resources/`,
    },
  },
})
