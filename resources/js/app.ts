import 'primeicons/primeicons.css'
import '../css/app.css'

import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createInertiaApp, router } from '@inertiajs/vue3'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import { ClinicPreset } from './theme'
import { createAppI18n, isLocale, messages } from './i18n'
import { layoutFor, resolvePage } from './pages'
import { primeVueLocale } from './primevue_locale'
import type { Locale } from '~/types/shared'

const PRODUCT = 'Programma Clinic'

createInertiaApp({
  title: (title) => (title ? `${title} · ${PRODUCT}` : PRODUCT),
  resolve: resolvePage,
  layout: layoutFor,
  progress: { color: '#14b8a6', delay: 150 },
  setup({ el, App, props, plugin }) {
    const initial = props.initialPage.props.locale
    const i18n = createAppI18n(isLocale(initial) ? initial : 'ru')
    const app = createApp({ render: () => h(App, props) })
      .use(plugin)
      .use(createPinia())
      .use(i18n)
      .use(PrimeVue, {
        theme: {
          preset: ClinicPreset,
          options: { darkModeSelector: '.app-dark', cssLayer: false },
        },
        ripple: false,
      })
      .use(ToastService)
      .directive('tooltip', Tooltip)

    const englishDefaults = JSON.parse(JSON.stringify(app.config.globalProperties.$primevue.config.locale ?? {}))

    /** The language follows the `locale` shared prop of every page. */
    function applyLocale(locale: Locale) {
      i18n.global.locale.value = locale
      document.documentElement.lang = locale
      app.config.globalProperties.$primevue.config.locale = primeVueLocale(englishDefaults, messages[locale]) as any
    }
    applyLocale(i18n.global.locale.value as Locale)
    router.on('navigate', (event) => {
      const locale = event.detail.page.props.locale
      if (isLocale(locale)) applyLocale(locale)
    })

    app.mount(el)
  },
})
