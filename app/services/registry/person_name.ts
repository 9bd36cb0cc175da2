/** Decision 3: the desk form's one "full name" field split into its parts. */
export function splitFullName(fio: string) {
  const parts = fio.trim().split(/\s+/).filter(Boolean)
  const [lastName = '', firstName = '', ...rest] = parts
  return { lastName, firstName, middleName: rest.length ? rest.join(' ') : null }
}

/** The lower-cased form stored for search by name. */
export function searchNameOf(parts: {
  lastName: string
  firstName: string
  middleName: string | null
}) {
  return [parts.lastName, parts.firstName, parts.middleName]
    .filter(Boolean)
    .join(' ')
    .toLocaleLowerCase('ru')
    .replace(/ё/g, 'е')
}
