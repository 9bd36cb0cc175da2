/** The props every page receives from app/middleware/inertia_middleware.ts. */

export const LOCALES = ['ru', 'uz', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export type Localized = Record<Locale, string>

export type NavigationGroup = 'clinic' | 'admin' | 'plugins'

export interface NavigationEntry {
  /** An i18n key (`nav.dashboard`) or, for plugin entries, a label per locale. */
  label: string | Localized
  href: string
  icon: string
  permission?: string
  group: NavigationGroup
}

export interface SharedUser {
  id: number
  login: string
  full_name: string | null
  roles: string[]
  is_active?: boolean
  last_login_at?: string | null
}

export interface SharedProps {
  locale: Locale
  /** `logo_url`: the clinic's logo (settings → general), null for the product's mark. */
  clinic: { name: string; slug: string; logo_url: string | null } | null
  user: SharedUser | null
  navigation: NavigationEntry[]
  flash: { error?: string; success?: string }
  errors: Record<string, string>
  [key: string]: unknown
}

/** Props of the error pages rendered by app/exceptions/handler.ts. */
export interface ErrorPageProps {
  status: number
  code: string
  message: string
}
