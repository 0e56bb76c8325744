/**
 * @module dedup/cluster
 * Deduplication of a batch of events in memory, with the same rules the store applies on ingest
 * (dedup/match.ts): each event joins the cluster of its best-scoring match among the events seen
 * before it, or founds a cluster. Never two events of one document in a cluster. Used for batch
 * files (rasd extract output) and tests; the store does the same incrementally in SQL.
 */
import { canonicalRank, compareRank, matchEvents, type DedupEvent, type MatchOptions } from "./match.ts";
import type { MergeReason } from "../store/types.ts";

export interface BatchCluster {
  /** The event that stands for the cluster (see canonicalRank). */
  canonical: DedupEvent;
  members: { event: DedupEvent; matchedId: string | null; reasons: MergeReason[]; score: number }[];
}

export function clusterEvents(events: readonly DedupEvent[], options: MatchOptions = {}): BatchCluster[] {
  const clusters: BatchCluster[] = [];
  const clusterOf = new Map<string, BatchCluster>();
  const seen: DedupEvent[] = [];
  for (const ev of events) {
    let best: { other: DedupEvent; score: number; reasons: MergeReason[] } | null = null;
    for (const other of seen) {
      const c = clusterOf.get(other.id)!;
      if (c.members.some((m) => m.event.documentId === ev.documentId)) continue;
      const m = matchEvents(ev, other, options);
      if (m.merge && (!best || m.score > best.score)) best = { other, score: m.score, reasons: m.reasons };
    }
    if (best) {
      const c = clusterOf.get(best.other.id)!;
      c.members.push({ event: ev, matchedId: best.other.id, reasons: best.reasons, score: best.score });
      clusterOf.set(ev.id, c);
    } else {
      const c: BatchCluster = { canonical: ev, members: [{ event: ev, matchedId: null, reasons: [], score: 1 }] };
      clusters.push(c);
      clusterOf.set(ev.id, c);
    }
    seen.push(ev);
  }
  for (const c of clusters) {
    let bestRank: number[] | null = null;
    c.members.forEach((m, i) => {
      const rank = canonicalRank({ record: m.event.record, order: i });
      if (!bestRank || compareRank(rank, bestRank) < 0) {
        bestRank = rank;
        c.canonical = m.event;
      }
    });
  }
  return clusters;
}
