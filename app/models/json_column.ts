/**
 * Column options for a JSON value kept in a text column. `empty` is what a
 * NULL (or empty) column reads as and what a missing value is written as;
 * with `empty` null, a missing value stays NULL. A driver that hands back
 * parsed JSON is accepted as is.
 */
export function jsonColumn<T>(empty: T) {
  return {
    prepare: (value: T | null | undefined) => {
      const stored = value ?? empty
      return stored === null || stored === undefined ? null : JSON.stringify(stored)
    },
    consume: (value: unknown): T => {
      if (typeof value === 'string') return value === '' ? empty : (JSON.parse(value) as T)
      return (value ?? empty) as T
    },
  }
}
