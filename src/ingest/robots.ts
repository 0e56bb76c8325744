/**
 * @module ingest/robots
 * robots.txt (RFC 9309): the group for our user agent (else `*`), Allow/Disallow with `*` and `$`
 * wildcards, the longest matching rule wins and Allow wins a tie; Crawl-delay is honoured as a
 * per-host interval.
 */

interface Rule {
  allow: boolean;
  pattern: string;
  re: RegExp;
}

export interface RobotsRules {
  rules: Rule[];
  /** Seconds between requests the site asks for, if any. */
  crawlDelay?: number;
  /** Set when robots.txt could not be read and the RFC says to assume everything is disallowed. */
  disallowAll?: string;
}

function toRegExp(pattern: string): RegExp {
  const anchored = pattern.endsWith("$");
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split("*")
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp("^" + body + (anchored ? "$" : ""));
}

/** Parses robots.txt for the given product token (e.g. "rasd"). */
export function parseRobots(text: string, agent: string): RobotsRules {
  const groups: { agents: string[]; rules: Rule[]; crawlDelay?: number }[] = [];
  let current: (typeof groups)[number] | null = null;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.replace(/#.*/, "").trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (key === "allow" || key === "disallow") {
      if (value === "") continue; // "Disallow:" with nothing means allow all
      current.rules.push({ allow: key === "allow", pattern: value, re: toRegExp(value) });
    } else if (key === "crawl-delay") {
      const d = Number(value);
      if (Number.isFinite(d) && d >= 0) current.crawlDelay = d;
    }
  }
  const me = agent.toLowerCase();
  const mine = groups.filter((g) => g.agents.some((a) => a !== "*" && me.includes(a)));
  const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes("*"));
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.crawlDelay).filter((d): d is number => d !== undefined);
  return { rules, crawlDelay: delays.length ? Math.max(...delays) : undefined };
}

/** Whether the path (with its query) may be fetched. */
export function robotsAllows(robots: RobotsRules, pathAndQuery: string): boolean {
  if (robots.disallowAll) return false;
  if (pathAndQuery === "/robots.txt") return true;
  let best: Rule | null = null;
  for (const r of robots.rules) {
    if (!r.re.test(pathAndQuery)) continue;
    if (!best || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow && !best.allow)) best = r;
  }
  return best ? best.allow : true;
}
