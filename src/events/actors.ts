/**
 * @module events/actors
 * Who did what to whom. The actor mentions of the event's sentence (doc.actors, from rasd.actors.v1)
 * are ordered by role:
 * - a clash «بين X و(بين) Y»: X is actor1, Y actor2;
 * - the agent follows «برصاص», «على يد», «من قبل», «نفذه», or is the subject before the trigger;
 * - the target follows «ضد», «استهدف», «عناصر», «عنصر في/من», «مقاتلي»;
 * - otherwise the first actor is actor1 and the second actor2.
 * Civilian victims («شاب», «مدنيين») make `civilians` the target of attacks and abductions, and
 * anonymous gunmen («مسلحين مجهولين») the unidentified armed group.
 * For territory, who took it decides the sub-event: a state force (ACLED inter 1) regains territory,
 * anyone else overtakes it.
 */
import type { ActorMention, ActorRef, Decision, Doc } from "../doc/types.ts";
import type { EventMention } from "./detect.ts";
import { actorMeta } from "./actor-meta.ts";
import { isA, localActor } from "../actors/index.ts";

export interface ActorChoice {
  actor1: ActorRef | null;
  actor2: ActorRef | null;
  /** The target is named by a former affiliation: a civilian, whatever its group. */
  formerTarget?: boolean;
  assoc: ActorRef[];
  subEventType?: string;
  decisions: Decision[];
}

const CIVILIANS = "civilians";
const UNIDENTIFIED = "unidentified-armed-group";

function ref(id: string): ActorRef {
  return { id, name: actorMeta(id)?.name ?? id };
}

/** Index of the first token starting at or after `pos` (binary search). */
function tokenAt(doc: Doc, pos: number): number {
  let lo = 0, hi = doc.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.tokens[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A cue of the class among the two tokens before the mention (the trigger itself is no cue for its own subject). */
function roleCue(doc: Doc, m: EventMention, a: ActorMention, cls: string): boolean {
  const k = tokenAt(doc, a.start);
  for (const x of m.matches) if (x.cls === cls && x.tokStart >= k - 2 && x.tokEnd <= k && x.tokStart !== m.trigger.tokStart) return true;
  return false;
}

/** Civilians (ACLED inter 7) are victims, never the side that acts (protesters and rioters are other actors). */
const canAct = (id: string) => actorMeta(id)?.inter !== 7;

/** Noun triggers whose «لـ» complement is the agent: «قصف مدفعي لقوات الحكومة», «غارات للطيران الروسي», «هجوم لعناصر التنظيم». */
const LAM_AGENT_TRIGGERS = new Set(["SHELL", "AIR", "ATTACK"]);

/** Families whose trigger is an act done to its object: «اعتقال عناصر التنظيم», «العثور على مستودعات ... يستخدمها التنظيم». */
const OBJECT_AFTER = new Set(["arrest", "weapons"]);

/** «سابق» among the three tokens before the mention: «القيادي السابق في فصائل المعارضة», «عنصر سابق في». */
function formerAffiliation(doc: Doc, a: ActorMention): boolean {
  const k = tokenAt(doc, a.start);
  for (let i = Math.max(0, k - 3); i < k; i++) if (doc.tokens[i]!.base.startsWith("\u0633\u0627\u0628\u0642")) return true;
  return false;
}

/**
 * «قُتل العميد في قوات النظام ومرافقه», «ستة عناصر من الفرقة الرابعة قُتلوا»: an actor right after a
 * victim noun and «في»/«من» is the victim's side.
 */
function affiliationOfVictim(doc: Doc, m: EventMention, a: ActorMention): boolean {
  const k = tokenAt(doc, a.start);
  if (k < 2) return false;
  const prep = doc.tokens[k - 1]!;
  if (prep.norm !== "\u0641\u064a" && prep.norm !== "\u0645\u0646") return false;
  return m.matches.some((x) => (x.cls === "ARMED" || x.cls === "CIVILIAN" || x.cls === "PERSON_GENERIC") && x.tokEnd === k - 1) && m.matches.some((x) => (x.cls === "KILL" || x.cls === "INJURE" || x.cls === "ASSASSINATE" || x.cls === "ABDUCT" || x.cls === "ARREST") && Math.abs(x.tokStart - k) <= 8);
}

/** A support cue among the two tokens before the mention. */
function supportCue(doc: Doc, m: EventMention, a: ActorMention): boolean {
  const k = tokenAt(doc, a.start);
  return m.matches.some((x) => x.cls === "SUPPORT_CUE" && x.tokEnd <= k && k - x.tokEnd <= 1);
}

/**
 * «بين X و(بين) Y» after a clash word: X and Y as the mentions that start right after «بين» (a
 * classifier noun like «فصيلي», «قوات» and quotes may come between) and after the «و».
 */
function betweenSides(doc: Doc, m: EventMention, mentions: ActorMention[]): [ActorMention, ActorMention] | null {
  if (m.trigger.cls !== "CLASH") return null;
  const s = doc.sentences[m.sentence]!;
  for (let i = m.trigger.tokEnd; i < Math.min(s.tokenEnd, m.trigger.tokEnd + 6); i++) {
    const t = doc.tokens[i]!;
    if (t.kind !== "word" || t.base !== "\u0628\u064a\u0646" || t.proclitics.length) continue;
    const after = mentions.filter((a) => tokenAt(doc, a.start) > i).sort((a, b) => a.start - b.start);
    const x = after[0];
    if (!x || tokenAt(doc, x.start) - i > 3) return null;
    // Y: the next mention of another actor that follows a «و» after X.
    const xEnd = tokenAt(doc, x.end);
    const y = after.find((a) => a.actorId !== x.actorId && tokenAt(doc, a.start) >= xEnd && doc.tokens.slice(xEnd, tokenAt(doc, a.start) + 1).some((u) => u.norm === "\u0648" || u.proclitics[0] === "\u0648"));
    if (!y || tokenAt(doc, y.start) - xEnd > 4) return null;
    return [x, y];
  }
  return null;
}

export function resolveActors(doc: Doc, m: EventMention): ActorChoice {
  const decisions: Decision[] = [];
  const s = doc.sentences[m.sentence]!;
  let mentions = doc.actors.filter((a) => a.start >= s.start && a.end <= s.end);
  // No actor in the sentence: the previous sentence of the same paragraph.
  if (!mentions.length && m.sentence > 0) {
    const p = doc.sentences[m.sentence - 1]!;
    if (p.paragraph === s.paragraph) mentions = doc.actors.filter((a) => a.start >= p.start && a.end <= p.end);
  }
  // «المدعوم من تركيا», «بمساندة قوات من اللواء الثامن»: a supporter is associated, not a side.
  const supporters = new Set<string>();
  for (const a of mentions) if (supportCue(doc, m, a)) supporters.add(a.actorId);
  for (const a of mentions) if (!supportCue(doc, m, a)) supporters.delete(a.actorId);
  // «بين فصيلي "السلطان مراد" و"الجبهة الشامية"»: the two sides of a clash, in order.
  const between = betweenSides(doc, m, mentions);
  // Distinct actors in order of first mention.
  const seen = new Set<string>();
  const ordered: ActorMention[] = [];
  for (const a of mentions) {
    if (seen.has(a.actorId) || actorMeta(a.actorId)?.source || supporters.has(a.actorId)) continue;
    seen.add(a.actorId);
    ordered.push(a);
  }
  const trigStart = doc.tokens[m.trigger.tokStart]!.start;
  const inOrder = (a: ActorMention) => ordered.find((o) => o.actorId === a.actorId) ?? a;
  let actor1: ActorMention | undefined = between ? inOrder(between[0]) : undefined;
  let actor2: ActorMention | undefined = between ? inOrder(between[1]) : undefined;
  if (between) {
    decisions.push({ field: "actor1", value: between[0].actorId, rule: "events.actor.between", span: { start: between[0].start, end: between[0].end } });
    decisions.push({ field: "actor2", value: between[1].actorId, rule: "events.actor.between", span: { start: between[1].start, end: between[1].end } });
  }
  // Verb-subject order: the actor right after a perfective trigger verb did it («اختطفهم التنظيم»,
  // «شنت الطائرات الحربية الروسية»).
  const trigTok = m.trigger.tokEnd;
  const isVerb = m.matches.some((x) => x.cls === "VERB_PAST" && x.tokStart === m.trigger.tokStart);
  if (isVerb && !actor1) {
    for (const a of mentions) {
      const k = tokenAt(doc, a.start);
      // «استهدفت عناصر في تنظيم داعش», «أسر أحد عناصر التنظيم»: a target cue makes it the object;
      // «قُتل العميد في قوات النظام»: the victim's affiliation.
      if (k >= trigTok && k - trigTok <= 2 && !actorMeta(a.actorId)?.source && canAct(a.actorId) && !roleCue(doc, m, a, "TARGET_CUE") && !affiliationOfVictim(doc, m, a)) {
        actor1 = inOrder(a);
        decisions.push({ field: "actor1", value: a.actorId, rule: "events.actor.verb-subject", span: { start: a.start, end: a.end } });
        break;
      }
    }
  }
  if (!actor1) {
    // The weapon noun may be another word of the mention than its trigger («قُتل ثلاثة مدنيين ... جراء
    // قصف مدفعي لقوات الحكومة السورية»); a verb form is no noun («قصفت القوات»).
    const nouns = m.matches.filter((x) => LAM_AGENT_TRIGGERS.has(x.cls) && !m.matches.some((y) => y.cls === "VERB_PAST" && y.tokStart === x.tokStart));
    lam: for (const x of nouns) {
      for (const a of mentions) {
        const k = tokenAt(doc, a.start);
        // Right after the noun, or after one adjective of it («قصف مدفعي لقوات»); «قصف تجمعات للمسلحين»
        // shells the militants' gatherings.
        // «هجوم لعناصر التنظيم»: the «لـ» may sit on a member noun before the actor.
        const gap = k - x.tokEnd;
        const adjective = gap === 1 && m.matches.some((y) => y.cls === "ATTACK_ADJ" && y.tokStart === x.tokEnd);
        const member = gap === 1 && m.matches.some((y) => y.cls === "ARMED" && y.tokStart === x.tokEnd) && doc.tokens[x.tokEnd]!.proclitics.includes("\u0644");
        const lam = member || doc.tokens[k]?.proclitics.includes("\u0644");
        if (k >= x.tokEnd && (gap === 0 || adjective || member) && lam && canAct(a.actorId) && !actorMeta(a.actorId)?.source) {
          actor1 = inOrder(a);
          decisions.push({ field: "actor1", value: a.actorId, rule: "events.actor.lam-agent", span: { start: a.start, end: a.end } });
          break lam;
        }
      }
    }
  }
  // Role cues on any mention of an actor: «التنظيم» may be named first in another clause and then
  // as «أحد عناصر تنظيم داعش» right after the trigger.
  const cued = (a: ActorMention, cls: string) => mentions.find((x) => x.actorId === a.actorId && roleCue(doc, m, x, cls));
  for (const a of ordered) {
    if (a.actorId === actor1?.actorId) continue;
    const agent = !actor1 && canAct(a.actorId) ? cued(a, "AGENT_CUE") : undefined;
    const target = !agent && !actor2 ? cued(a, "TARGET_CUE") ?? mentions.find((x) => x.actorId === a.actorId && affiliationOfVictim(doc, m, x)) : undefined;
    if (agent) {
      actor1 = a;
      decisions.push({ field: "actor1", value: a.actorId, rule: "events.actor.agent-cue", span: { start: agent.start, end: agent.end } });
    } else if (target) {
      actor2 = a;
      decisions.push({ field: "actor2", value: a.actorId, rule: "events.actor.target-cue", span: { start: target.start, end: target.end } });
    }
  }
  // An explosion («انفجرت عبوة ناسفة بسيارة عسكرية تابعة لقسد») has no agent after it: the bomb is the subject.
  const objectAfter = OBJECT_AFTER.has(m.family) || m.trigger.cls === "IED";
  for (const a of ordered) {
    if (a === actor1 || a === actor2) continue;
    const after = !mentions.some((x) => x.actorId === a.actorId && x.start < trigStart);
    // «قيادي سابق في فصائل التسوية»: a former affiliation names the victim's past, not the agent.
    if (!actor1 && canAct(a.actorId) && !(objectAfter && after) && !formerAffiliation(doc, a)) {
      actor1 = a;
      decisions.push({ field: "actor1", value: a.actorId, rule: a.start < trigStart ? "events.actor.subject-before" : "events.actor.first", span: { start: a.start, end: a.end } });
    } else if (!actor2) {
      actor2 = a;
      decisions.push({ field: "actor2", value: a.actorId, rule: objectAfter && after ? "events.actor.object-after" : "events.actor.second", span: { start: a.start, end: a.end } });
    }
  }
  // A demonstration is done by the crowd: protesters or rioters are its first actor, whatever the cues say
  // («أقدم محتجون ... بعد قيام عناصر من الأمن بإطلاق النار على المتظاهرين»).
  let crowdless = false;
  if (m.family === "demonstration") {
    const crowd = ordered.find((a) => { const i = actorMeta(a.actorId)?.inter; return i === 5 || i === 6; });
    if (crowd && actor1?.actorId !== crowd.actorId) {
      if (actor2?.actorId === crowd.actorId) actor2 = undefined;
      actor1 = crowd;
      decisions.push({ field: "actor1", value: crowd.actorId, rule: "events.actor.crowd", span: { start: crowd.start, end: crowd.end } });
    } else if (!crowd) {
      // «نظم مئات المدنيين وقفة احتجاجية ... طالبوا بإسقاط قائد هيئة تحرير الشام»: the crowd is
      // protesters even when named as civilians; a group it names is whom it addresses.
      crowdless = true;
      actor1 = undefined;
      if (m.sub_event_type === "Peaceful protest") actor2 = undefined;
    }
  }
  let r1: ActorRef | null = actor1 ? ref(actor1.actorId) : crowdless ? ref(localActor(doc, m.sub_event_type === "Violent demonstration" ? "generic-rioters" : "generic-protesters")) : null;
  let r2: ActorRef | null = actor2 ? ref(actor2.actorId) : null;
  if (crowdless) decisions.push({ field: "actor1", value: r1!.id, rule: "events.actor.crowd-unnamed" });
  // «القيادي السابق في فصائل المعارضة»: the victim's group is a former affiliation; the victim is a
  // civilian (the group stays an associated actor).
  const former = !!actor2 && formerAffiliation(doc, actor2);
  if (former) {
    decisions.push({ field: "actor2", value: CIVILIANS, rule: "events.actor.former-member", span: { start: actor2!.start, end: actor2!.end } });
    r2 = ref(CIVILIANS);
  }
  // Anonymous gunmen, when the actor stage did not name them.
  const lex = m.matches;
  const anon = lex.find((x) => x.cls === "UNIDENTIFIED");
  if (anon && r1?.id !== UNIDENTIFIED && r2?.id !== UNIDENTIFIED) {
    const sp = { start: doc.tokens[anon.tokStart]!.start, end: doc.tokens[anon.tokEnd - 1]!.end };
    if (r1 && !r2) r2 = r1;
    r1 = ref(UNIDENTIFIED);
    decisions.push({ field: "actor1", value: UNIDENTIFIED, rule: "events.actor.unidentified-gunmen", span: sp });
  }
  /** Actors that turned out to be another actor's members: no associated actors of their own. */
  const subsumed = new Set<string>();
  // «مسلحون من تنظيم داعش»: gunmen named as members of a group are that group.
  if (r1 && actorMeta(r1.id)?.inter === 3 && /unidentified/.test(r1.id)) {
    const gunmen = mentions.find((a) => a.actorId === actor1?.actorId) ?? actor1;
    const end = gunmen ? tokenAt(doc, gunmen.end) : -1;
    const group = gunmen && mentions.find((a) => {
      const k = tokenAt(doc, a.start);
      const meta = actorMeta(a.actorId);
      return a.actorId !== gunmen.actorId && k > end && k - end <= 2 && doc.tokens[end]?.norm === "\u0645\u0646" && !!meta && !meta.source && meta.inter !== 7 && !/unidentified/.test(a.actorId);
    });
    if (group) {
      subsumed.add(r1.id);
      decisions.push({ field: "actor1", value: group.actorId, rule: "events.actor.gunmen-of", span: { start: group.start, end: group.end } });
      if (r2?.id === group.actorId) r2 = null;
      r1 = ref(group.actorId);
    }
  }
  const civilianNouns = m.matches.some((x) => x.cls === "CIVILIAN");
  // «اعتقلت قوات النظام ... خلال حملة نفذتها دوريات تابعة لفرع الأمن العسكري»: a unit of the first side
  // is that side, not its opponent (an associated actor).
  if (r1 && r2 && (isA(r2.id, r1.id) || isA(r1.id, r2.id))) {
    decisions.push({ field: "actor2", value: null, rule: "events.actor.same-side", span: actor2 ? { start: actor2.start, end: actor2.end } : undefined });
    r2 = null;
  }
  // «اعتقلت هيئة تحرير الشام الناشط الإعلامي ...»: a civilian arrested or abducted, named by a noun after the trigger.
  if ((m.family === "arrest" || m.family === "abduction") && !r2 && m.matches.some((x) => x.cls === "CIVILIAN" && x.tokStart >= m.trigger.tokEnd && x.tokStart - m.trigger.tokEnd <= 10)) {
    r2 = ref(CIVILIANS);
    decisions.push({ field: "actor2", value: CIVILIANS, rule: "events.actor.civilian-captive" });
  }
  if (m.civilianVictim && !r2) {
    r2 = ref(CIVILIANS);
    decisions.push({ field: "actor2", value: CIVILIANS, rule: "events.actor.civilian-victim-of-explosion" });
  }
  const civilianTarget = m.event_type === "Violence against civilians" && (m.armedVictim === false || former || ((m.family === "abduction" || m.family === "sexual") && civilianNouns) || !r2);
  // Protesters shot at stay protesters, the target of the force («إطلاق النار على المتظاهرين»).
  const protesters = !!r2 && actorMeta(r2.id)?.inter === 6;
  if (civilianTarget && !protesters && r2?.id !== CIVILIANS && (former || !(r2 && (actorMeta(r2.id)?.inter ?? 0) !== 7 && m.armedVictim !== false && !civilianNouns))) {
    if (r2 && r2.id !== r1?.id && !r1) r1 = r2;
    r2 = ref(CIVILIANS);
    decisions.push({ field: "actor2", value: CIVILIANS, rule: "events.actor.civilian-victim" });
  }
  // A peaceful protest has no second side: «مطالبين برحيل النظام» names whom it addresses, not an actor
  // of the event (ACLED codes actor2 only for a force that intervenes).
  if (m.sub_event_type === "Peaceful protest" && r2) {
    decisions.push({ field: "actor2", value: null, rule: "events.actor.protest-addressee-not-actor", span: actor2 ? { start: actor2.start, end: actor2.end } : undefined });
    r2 = null;
  }
  const out: ActorChoice = { actor1: r1, actor2: r2 && r2.id !== r1?.id ? r2 : null, assoc: [], decisions, formerTarget: former };
  for (const a of [...ordered, ...mentions.filter((x) => supporters.has(x.actorId))]) {
    if ((m.sub_event_type === "Peaceful protest" && a === actor2) || subsumed.has(a.actorId)) continue;
    if (a.actorId !== out.actor1?.id && a.actorId !== out.actor2?.id && !out.assoc.some((x) => x.id === a.actorId)) out.assoc.push(ref(a.actorId));
  }
  if (m.family === "territory") {
    const taker = out.actor1 ? actorMeta(out.actor1.id) : undefined;
    const gov = taker ? taker.inter === 1 : lex.some((x) => x.cls === "GOV" && x.tokStart < m.trigger.tokStart);
    out.subEventType = gov ? "Government regains territory" : "Non-state actor overtakes territory";
    decisions.push({ field: "sub_event_type", value: out.subEventType, rule: gov ? "events.type.territory-by-state-force" : "events.type.territory-by-non-state" });
  }
  return out;
}
