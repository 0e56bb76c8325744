import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { normalize } from "../text/normalize.ts";
import { contentHash, contentHashOfNormalized, normalizeForHash } from "./hash.ts";

/** The content hash as first defined: every /\s+/ run one space, ends trimmed, sha256 of the UTF-8. */
function reference(text: string): string {
  return createHash("sha256").update(normalize(text).replace(/\s+/g, " ").trim(), "utf8").digest("hex");
}

test("contentHash: the same hash as the first definition, whatever the whitespace", () => {
  const texts = [
    "",
    "   ",
    "قُتل  شخصان\n\nفي درعا",
    " \t\r\n قصف\u00a0مدفعي\u2003على\u3000ريف  إدلب \n",
    "a\r\nb\fc\vd  e",
    "single spaces only",
    "\u200fمركز\u200e \u2028 سطر\u2029",
  ];
  for (const t of texts) {
    assert.equal(contentHash(t), reference(t), JSON.stringify(t));
    assert.equal(contentHashOfNormalized(normalize(t)), reference(t), JSON.stringify(t));
    assert.equal(normalizeForHash(t), normalize(t).replace(/\s+/g, " ").trim(), JSON.stringify(t));
  }
});
