// rasd web application: a map, a timeline and a list of events, an event's evidence in its
// document, the people and groups behind it, and the review workflow (edit a field, accept, reject).
// Plain ES module over the HTTP API; no build step, no network beyond the rasd server.

const TYPES = {
  Battles: "#d7301f",
  "Explosions/Remote violence": "#fc8d59",
  "Violence against civilians": "#7b3294",
  Protests: "#2b83ba",
  Riots: "#1a9641",
  "Strategic developments": "#636363",
};
const EDITABLE = ["event_type", "sub_event_type", "event_date", "fatalities", "injured", "captured", "notes", "background"];

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElementNS(tag === "svg" || attrs.svg ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "svg") continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c.nodeType ? c : document.createTextNode(String(c)));
  return e;
};
const svgEl = (tag, attrs = {}, ...children) => el(tag, { ...attrs, svg: true }, ...children);

async function api(path, init) {
  const res = await fetch(path, init);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body?.message ?? `${res.status} ${res.statusText}`);
  return body;
}

// Equirectangular projection over Syria's bounding box, x scaled by cos(latitude) to keep shapes.
const LON0 = 35.5, LAT1 = 37.45, K = 98, COS = Math.cos((34.8 * Math.PI) / 180);
const project = (lon, lat) => [(lon - LON0) * K * COS + 10, (LAT1 - lat) * K + 10];

const state = { events: [], cursor: null, selected: null, filters: {} };

async function drawMap() {
  const map = $("#map");
  const data = await api("/web/map.json");
  for (const f of data.features) {
    const d = f.rings.map((r) => "M" + r.map(([x, y]) => project(x, y).map((v) => v.toFixed(1)).join(",")).join("L") + "Z").join("");
    map.append(svgEl("path", { class: "gov", d }, svgEl("title", {}, `${f.name} ${f.name_ar}`)));
    const [cx, cy] = project(f.centre[0], f.centre[1]);
    map.append(svgEl("text", { x: cx, y: cy, "text-anchor": "middle" }, f.name));
    $("#filters [name=admin1]").append(el("option", { value: f.name }, `${f.name} ${f.name_ar}`));
  }
  map.append(svgEl("g", { id: "points" }));
}

// Fits the map to the events shown (an analyst of Daraa wants Daraa, not the whole country);
// "whole country" resets it.
function fitMap(points) {
  const map = $("#map");
  if (!points.length || state.wholeCountry) return map.setAttribute("viewBox", "0 0 600 520");
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let w = Math.max(120, x1 - x0 + 60), h = Math.max(104, y1 - y0 + 60);
  if (w / h > 600 / 520) h = (w * 520) / 600; else w = (h * 600) / 520;
  map.setAttribute("viewBox", `${((x0 + x1) / 2 - w / 2).toFixed(1)} ${((y0 + y1) / 2 - h / 2).toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
}

function drawPoints() {
  const g = $("#points");
  g.replaceChildren();
  const points = [];
  for (const ev of state.events) {
    const loc = ev.record.location;
    if (!loc || typeof loc.latitude !== "number") continue;
    const [x, y] = project(loc.longitude, loc.latitude);
    points.push([x, y]);
    const r = 2 + Math.min(6, Math.sqrt(ev.record.fatalities ?? 0) * 1.5);
    g.append(svgEl("circle", { cx: x, cy: y, r, fill: TYPES[ev.record.event_type] ?? "#999", class: ev.id === state.selected ? "sel" : "", onclick: () => select(ev.id) },
      svgEl("title", {}, `${ev.record.event_date ?? "?"} ${ev.record.sub_event_type} — ${loc.name}`)));
  }
  if (!state.fitted) fitMap(points);
  state.fitted = true;
}

function drawTimeline() {
  const svg = $("#timeline");
  svg.replaceChildren();
  const days = new Map();
  for (const ev of state.events) if (ev.record.event_date) days.set(ev.record.event_date, (days.get(ev.record.event_date) ?? 0) + 1);
  if (!days.size) return;
  const keys = [...days.keys()].sort();
  const t0 = Date.parse(keys[0]), t1 = Date.parse(keys[keys.length - 1]);
  const span = Math.max(1, (t1 - t0) / 86400000 + 1);
  const max = Math.max(...days.values());
  const w = Math.max(2, 560 / span - 1);
  for (const [day, n] of days) {
    const x = 30 + ((Date.parse(day) - t0) / 86400000) * (560 / span);
    const h = (n / max) * 75;
    svg.append(svgEl("rect", { x, y: 85 - h, width: w, height: h, onclick: () => setFilters({ dateFrom: day, dateTo: day }) }, svgEl("title", {}, `${day}: ${n} events`)));
  }
  svg.append(svgEl("text", { x: 30, y: 100 }, keys[0]));
  svg.append(svgEl("text", { x: 590, y: 100, "text-anchor": "end" }, keys[keys.length - 1]));
  svg.append(svgEl("text", { x: 0, y: 14 }, `max ${max}/day`));
}

function actorNames(r) {
  return [r.actor1?.name, r.actor2?.name].filter(Boolean).join(" vs ") || "—";
}

function drawList() {
  const rows = $("#rows");
  rows.replaceChildren();
  for (const ev of state.events) {
    const r = ev.record;
    rows.append(el("tr", { class: ev.id === state.selected ? "sel" : "", onclick: () => select(ev.id) },
      el("td", {}, r.event_date ?? "?"),
      el("td", {}, r.sub_event_type),
      el("td", {}, r.location?.name ?? "—"),
      el("td", {}, actorNames(r)),
      el("td", {}, r.fatalities ?? ""),
      el("td", {}, el("span", { class: `badge ${ev.reviewStatus}` }, ev.reviewStatus), ev.clusterSize > 1 ? ` ×${ev.clusterSize}` : "")));
  }
  $("#count").textContent = `${state.events.length} events${state.cursor ? " (more available)" : ""}`;
  $("#more").hidden = !state.cursor;
}

function query(extra = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...extra })) if (v) p.set(k, v);
  return p.toString();
}

async function load(append = false) {
  const page = await api(`/events?${query({ limit: 200, cursor: append ? state.cursor : "" })}`);
  state.events = append ? state.events.concat(page.items) : page.items;
  state.fitted = false;
  state.cursor = page.nextCursor;
  for (const f of ["csv", "geojson", "jsonl"]) $(`#${f}`).href = `/export?${query({ format: f })}`;
  drawPoints();
  drawTimeline();
  drawList();
}

function setFilters(f) {
  const form = $("#filters");
  for (const [k, v] of Object.entries(f)) if (form.elements[k]) form.elements[k].value = v;
  state.filters = Object.fromEntries(new FormData(form).entries());
  load().catch(showError);
}

function highlighted(text, spans, current) {
  // Evidence spans are UTF-16 offsets into the document text, exactly as JavaScript indexes strings.
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out.push(text.slice(at, s.start));
    out.push(el("mark", { class: current?.some((c) => c.start === s.start) ? "current" : "" }, text.slice(s.start, s.end)));
    at = s.end;
  }
  out.push(text.slice(at));
  return out;
}

async function select(id) {
  state.selected = id;
  history.replaceState(null, "", `#event=${encodeURIComponent(id)}`);
  drawPoints();
  drawList();
  const ev = await api(`/events/${encodeURIComponent(id)}`);
  const doc = await api(`/documents/${encodeURIComponent(ev.documentId)}?entities=true`);
  const r = ev.record;
  const det = $("#detail");
  const loc = r.location;
  const groups = (doc.entities ?? []).filter((e) => e.type === "ORG" || e.type === "PERSON" || e.type === "PERS");
  det.replaceChildren(
    el("h2", {}, `${r.sub_event_type} — ${r.event_date ?? "date unknown"}`),
    el("p", {}, r.notes),
    el("dl", {},
      el("dt", {}, "type"), el("dd", {}, `${r.event_type} / ${r.sub_event_type}`),
      el("dt", {}, "date"), el("dd", {}, `${r.event_date ?? "?"} (precision ${r.time_precision})`),
      el("dt", {}, "place"), el("dd", {}, loc ? `${loc.name} ${loc.name_ar ?? ""} — ${[...new Set([loc.admin3, loc.admin2, loc.admin1].filter(Boolean))].join(", ")} (${loc.latitude?.toFixed(3)}, ${loc.longitude?.toFixed(3)}; precision ${loc.geo_precision})` : "—"),
      el("dt", {}, "actors"), el("dd", {}, actorNames(r), r.assoc_actors?.length ? ` (with ${r.assoc_actors.map((a) => a.name).join(", ")})` : ""),
      el("dt", {}, "casualties"), el("dd", {}, `killed ${r.fatalities ?? "—"}, injured ${r.injured ?? "—"}, captured ${r.captured ?? "—"}`),
      el("dt", {}, "confidence"), el("dd", {}, r.confidence?.toFixed?.(2) ?? "—"),
      el("dt", {}, "source"), el("dd", {}, ev.url ? el("a", { href: ev.url, target: "_blank", rel: "noopener" }, ev.source ?? ev.url) : ev.source ?? "—", ev.clusterSources?.length > 1 ? ` (also: ${ev.clusterSources.slice(1).join(", ")})` : ""),
      el("dt", {}, "review"), el("dd", {}, el("span", { class: `badge ${ev.reviewStatus}` }, ev.reviewStatus), ev.editedFields?.length ? ` edited: ${ev.editedFields.join(", ")}` : ""),
      r.background ? [el("dt", {}, "background"), el("dd", {}, "recalled from before the report")] : null),
    el("h3", {}, "Evidence in the document"),
    el("div", { class: "doctext", dir: "rtl", lang: "ar" }, highlighted(doc.text, r.evidence ?? [], r.evidence)),
    el("h3", {}, "People and groups in the document"),
    el("ul", { class: "entities" }, groups.map((g) => el("li", {}, `${g.type === "ORG" ? "group" : "person"}: `, el("span", { class: "ar", dir: "rtl" }, g.name),
      g.data?.aliases?.length ? ` (also ${g.data.aliases.join("، ")})` : "", g.actorId ? ` [${g.actorId}]` : ""))),
    el("details", {}, el("summary", {}, "why (the decisions behind this event)"),
      el("ul", { class: "decisions" }, (r.decisions ?? []).map((d) => el("li", {}, `${d.field} = ${JSON.stringify(d.value)} — ${d.rule}${d.span ? ` «${doc.text.slice(d.span.start, d.span.end)}»` : ""}`)))),
    reviewForm(ev),
    ev.edits?.length ? el("details", {}, el("summary", {}, `history (${ev.edits.length} edits)`),
      el("ul", {}, ev.edits.map((e) => el("li", {}, `${e.at} ${e.editor}: ${e.field} ${JSON.stringify(e.previous)} → ${JSON.stringify(e.value)}${e.note ? ` — ${e.note}` : ""}`)))) : null,
  );
  // Bring the first piece of evidence into view inside the document box.
  const box = det.querySelector(".doctext"), mark = box?.querySelector("mark");
  if (box && mark) box.scrollTop = mark.offsetTop - box.offsetTop - box.clientHeight / 3;
}

function reviewForm(ev) {
  const editor = el("input", { name: "editor", placeholder: "your name", value: localStorage.getItem("rasd.editor") ?? "" });
  const field = el("select", { name: "field" }, EDITABLE.map((f) => el("option", { value: f }, f)));
  const value = el("input", { name: "value", placeholder: "new value (JSON for numbers/booleans, or text)" });
  const note = el("input", { name: "note", placeholder: "why (optional)" });
  const msg = el("div", { class: "err" });
  const who = () => {
    const name = editor.value.trim();
    if (!name) throw new Error("give your name: every edit records who made it");
    localStorage.setItem("rasd.editor", name);
    return name;
  };
  const act = (fn) => async () => {
    try {
      msg.textContent = "";
      await fn();
      await load();
      await select(ev.id);
    } catch (e) {
      msg.textContent = e.message;
    }
  };
  const parse = (v) => {
    try { return JSON.parse(v); } catch { return v; }
  };
  return el("div", { class: "review" }, el("h3", {}, "Review"), editor,
    el("div", { class: "row" }, field, value), note,
    el("div", { class: "row" },
      el("button", { type: "button", onclick: act(() => api(`/events/${encodeURIComponent(ev.id)}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ field: field.value, value: parse(value.value), editor: who(), note: note.value || undefined }) })) }, "save edit"),
      el("button", { type: "button", onclick: act(() => api(`/events/${encodeURIComponent(ev.id)}/review`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "reviewed", editor: who(), note: note.value || undefined }) })) }, "accept"),
      el("button", { type: "button", onclick: act(() => api(`/events/${encodeURIComponent(ev.id)}/review`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "rejected", editor: who(), note: note.value || undefined }) })) }, "reject")),
    msg);
}

function showError(e) {
  $("#count").replaceChildren(el("span", { class: "err" }, e.message));
}

async function main() {
  const types = $("#filters [name=eventType]");
  for (const t of Object.keys(TYPES)) types.append(el("option", { value: t }, t));
  $("#legend").append(...Object.entries(TYPES).map(([t, c]) => el("span", {}, el("i", { style: `background:${c}` }), t)));
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    setFilters({});
  });
  $("#more").addEventListener("click", () => load(true).catch(showError));
  $("#country").addEventListener("click", () => {
    state.wholeCountry = !state.wholeCountry;
    $("#country").textContent = state.wholeCountry ? "zoom to events" : "whole country";
    state.fitted = false;
    drawPoints();
  });
  await drawMap();
  await load();
  // A link to one event: /#event=ID selects it.
  const linked = /^#event=(.+)$/.exec(location.hash);
  if (linked) await select(decodeURIComponent(linked[1]));
}

main().catch(showError);
