import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { column, manyToMany } from '@adonisjs/lucid/orm'
import type { ManyToMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import { TenantModel } from '#tenants/tenant_model'
import Role, { ALL_PERMISSIONS } from '#models/role'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['login'],
  passwordColumnName: 'password',
})

/** A staff member of one tenant. */
export default class User extends compose(TenantModel, AuthFinder) {
  static accessTokens = DbAccessTokensProvider.forModel(User, {
    expiresIn: '12 hours',
    prefix: 'cst_',
    table: 'auth_access_tokens',
  })

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare login: string

  @column()
  declare fullName: string | null

  @column({ serializeAs: null })
  declare password: string

  @column({ consume: Boolean })
  declare isActive: boolean

  @column()
  declare locale: string | null

  @column()
  declare doctorId: number | null

  @column()
  declare branchId: number | null

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  /**
   * Moved on by logout, a password reset and deactivation: sessions opened in
   * an older epoch no longer sign the user in (`#support/session_user_provider`).
   */
  @column({ serializeAs: null })
  declare sessionEpoch: number

  /** Encrypted TOTP secret (app/services/admin/two_factor_service.ts). */
  @column({ serializeAs: null })
  declare totpSecret: string | null

  /** Two-factor login is on from this moment. */
  @column.dateTime({ serializeAs: null })
  declare totpEnabledAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @manyToMany(() => Role, { pivotTable: 'user_roles' })
  declare roles: ManyToMany<typeof Role>

  /** Every permission code granted by the user's roles (`*` means all). */
  async permissionCodes(): Promise<Set<string>> {
    if (!this.$preloaded.roles) await (this as User).load('roles' as any)
    return new Set(this.roles.flatMap((role) => role.permissions))
  }

  async hasPermission(code: string) {
    const codes = await this.permissionCodes()
    return codes.has(ALL_PERMISSIONS) || codes.has(code)
  }
}
