/**
 * @module config
 * The one configuration object of rasd, read and validated once at the edge (CLI start-up), frozen,
 * and passed down explicitly. Nothing below the CLI reads process.env.
 *
 * Environment:
 *   DATABASE_URL   postgres://... selects the PostgreSQL store; absent: the embedded SQLite store
 *   RASD_DB        path of the SQLite file (default ./rasd.db); ":memory:" for a throw-away store
 *   RASD_HOST      address `rasd serve` listens on (default 127.0.0.1)
 *   RASD_PORT      port `rasd serve` listens on (default 8080)
 *   RASD_LOG_LEVEL fatal|error|warn|info|debug|trace|silent (default info)
 */

export interface StoreConfig {
  readonly kind: "sqlite" | "postgres";
  /** SQLite file path (kind "sqlite"). */
  readonly sqlitePath: string;
  /** PostgreSQL connection string (kind "postgres"). */
  readonly databaseUrl: string | null;
}

export interface Config {
  readonly store: StoreConfig;
  readonly server: { readonly host: string; readonly port: number };
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`rasd config: ${message}`);
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export interface ConfigOverrides {
  databaseUrl?: string | null;
  sqlitePath?: string;
  host?: string;
  port?: number;
  logLevel?: Config["logLevel"];
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === "object" && !Object.isFrozen(v)) deepFreeze(v as object);
  return Object.freeze(o);
}

/**
 * Builds the frozen Config from an environment (process.env at the edge) and CLI overrides
 * (which win). Throws ConfigError naming the variable, what was expected and what was found.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: ConfigOverrides = {}): Config {
  const empty = (s: string | undefined | null) => (s === undefined || s === null || s.trim() === "" ? null : s.trim());
  // An explicit SQLite path (--db) asks for SQLite, even when DATABASE_URL is in the environment.
  const databaseUrl =
    overrides.databaseUrl !== undefined ? empty(overrides.databaseUrl) : overrides.sqlitePath !== undefined ? null : empty(env.DATABASE_URL);
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, found "${databaseUrl.replace(/:[^:@/]*@/, ":***@")}"`);
  }
  const sqlitePath = overrides.sqlitePath ?? empty(env.RASD_DB) ?? "./rasd.db";

  const host = overrides.host ?? empty(env.RASD_HOST) ?? "127.0.0.1";
  let port = overrides.port;
  if (port === undefined) {
    const raw = empty(env.RASD_PORT);
    port = raw === null ? 8080 : Number(raw);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`RASD_PORT must be an integer 0..65535, found "${port}"`);
  }
  const logLevel = overrides.logLevel ?? (empty(env.RASD_LOG_LEVEL) as Config["logLevel"] | null) ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`RASD_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, found "${logLevel}"`);
  }
  return deepFreeze({
    store: { kind: databaseUrl ? "postgres" : "sqlite", sqlitePath, databaseUrl },
    server: { host, port },
    logLevel,
  } satisfies Config);
}
