import type { Store } from "../types.ts";

/** Placeholder until the backend lands (same signature). */
export async function openPostgresStore(_target: string): Promise<Store> {
  throw new Error("rasd store: the postgres backend is being written");
}
