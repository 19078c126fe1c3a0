/** The KV key of a visitor's segment snapshot (see docs/storage.md), and how long KV keeps it. */

export const SNAPSHOT_KV_TTL_SECONDS = 30 * 24 * 60 * 60;

export const snapshotKey = (visitorId: string) => `snap:v1:${visitorId}`;
