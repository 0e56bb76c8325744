import type { Store } from "../types.ts";

/** Placeholder until the backend lands (same signature). */
export async function openSqliteStore(_target: string): Promise<Store> {
  throw new Error("rasd store: the sqlite backend is being written");
}
