/**
 * Domain results as values: `{ ok: true, value }` or `{ ok: false, error }`.
 * Refuses to throw for expected failures (invalid rules, bad input); callers map
 * errors to output in one place.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
