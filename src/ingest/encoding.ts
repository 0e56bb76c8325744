/**
 * @module ingest/encoding
 * Turning fetched or read bytes into text. Arabic news sites still serve windows-1256 (and
 * sometimes ISO-8859-6), so the charset is taken, in order of trust, from a byte-order mark, the
 * HTTP Content-Type charset, an HTML `<meta charset>` / `http-equiv` declaration, and otherwise
 * guessed: bytes that are valid UTF-8 are UTF-8, anything else is taken as windows-1256 (the
 * legacy Arabic code page, which maps every byte, so decoding never fails).
 */
import iconv from "iconv-lite";

export interface Decoded {
  text: string;
  /** The charset used, lower case as iconv-lite names it ("utf-8", "windows-1256", ...). */
  charset: string;
  /** Where the charset came from. */
  via: "bom" | "content-type" | "meta" | "utf8-valid" | "fallback";
}

const ALIASES: Record<string, string> = {
  utf8: "utf-8",
  "x-user-defined": "windows-1252",
  // Browsers treat these labels as windows-1256 / windows-1252 (WHATWG Encoding), and so do we.
  "cp1256": "windows-1256",
  "x-cp1256": "windows-1256",
  "iso-8859-1": "windows-1252",
  "latin1": "windows-1252",
  "us-ascii": "windows-1252",
  "ascii": "windows-1252",
  "iso-8859-6-i": "iso-8859-6",
  "iso-8859-6-e": "iso-8859-6",
  "arabic": "iso-8859-6",
};

/** A charset label made canonical, or null if iconv-lite cannot decode it. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  let l = label.trim().toLowerCase().replace(/^["']|["']$/g, "");
  l = ALIASES[l] ?? l;
  return iconv.encodingExists(l) ? l : null;
}

/** The charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? normalizeCharset(m[2]) : null;
}

/**
 * The charset an HTML (or XML, by its `<?xml encoding>` declaration) document declares for itself in its first bytes (the HTML spec's prescan
 * looks at the first 1024 bytes; we look a little further because some CMSs put long scripts
 * first). Bytes are read as latin1 so the scan works whatever the real encoding.
 */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192)).toString("latin1");
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return normalizeCharset(xml[1]);
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (direct) return normalizeCharset(direct[1]);
  return null;
}

function bomCharset(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: "utf-8", skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: "utf-16le", skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: "utf-16be", skip: 2 };
  return null;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** True when the bytes are well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}

export interface DecodeHints {
  contentType?: string | null;
  /** Look for `<meta charset>` or `<?xml encoding>` (HTML and XML documents). */
  html?: boolean;
}

/** Decode bytes to text by BOM, Content-Type, meta declaration, else UTF-8 validity, else windows-1256. */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints = {}): Decoded {
  const bom = bomCharset(bytes);
  if (bom) return { text: decodeWith(bytes.subarray(bom.skip), bom.charset), charset: bom.charset, via: "bom" };
  const ct = charsetFromContentType(hints.contentType);
  // A server that says UTF-8 but sends invalid UTF-8 is wrong more often than the bytes are: the
  // usual case is a legacy page behind a proxy that stamps a default charset. Trust the bytes then.
  if (ct && !(ct === "utf-8" && !isValidUtf8(bytes))) return { text: decodeWith(bytes, ct), charset: ct, via: "content-type" };
  if (hints.html) {
    const meta = charsetFromMeta(bytes);
    if (meta && !(meta === "utf-8" && !isValidUtf8(bytes))) {
      // A page decoded as UTF-16 by its meta tag is always a mistake (the prescan found ASCII).
      const cs = meta.startsWith("utf-16") ? "utf-8" : meta;
      return { text: decodeWith(bytes, cs), charset: cs, via: "meta" };
    }
  }
  if (isValidUtf8(bytes)) return { text: decodeWith(bytes, "utf-8"), charset: "utf-8", via: "utf8-valid" };
  return { text: decodeWith(bytes, "windows-1256"), charset: "windows-1256", via: "fallback" };
}
