/**
 * The per-visitor Durable Object (SQLite-backed). Its behaviour — events,
 * decayed signals, segments, alarms — is the state layer's work (issue 3);
 * this class exists so the binding and its migration are in place from the
 * start. Refuses nothing yet because it exposes nothing yet.
 */
import { DurableObject } from "cloudflare:workers";

export class Visitor extends DurableObject<Env> {}
