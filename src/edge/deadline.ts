/**
 * Races a promise against a deadline: its own outcome if it settles in time,
 * otherwise the value `onTimeout` returns when the time is up. The timer is
 * always cleared. It does not cancel the slower work: callers that can (an
 * AbortController, a stream reader) do so in `onTimeout`.
 */
export function withDeadline<T, U>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => U,
): Promise<T | U> {
  let cancel = () => {};
  const timeout = new Promise<U>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout()), Math.max(0, ms));
    cancel = () => clearTimeout(timer);
  });
  return Promise.race([promise, timeout]).finally(cancel);
}
