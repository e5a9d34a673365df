// A text of the report (paragraph, list item, proposal, kommentar, text cell): shown as it
// will print (references as their values, diagnostics underlined to the word), edited as
// raw text in a textarea where `{{` opens a search over the figures.
import { el, findRefs, uid, debounce } from './util.js';
import { diagnosticList } from './diagnostics.js';

// The printed value of one reference, worked out from the figure as the server prints it.
function refValue(fig, filters) {
  if (!fig) return null;
  if (!fig.printed) return '';
  let text = fig.printed;
  let number = false;
  for (const f of filters) {
    if (f === 'abs') text = text.replace(/^[\u2212-]/, '');
    else if (f === 'number') number = true;
    else if (f.startsWith('decimals=') && fig.value) {
      text = text.replace(/^[\u2212-]?[\d\u00a0 ]+(,\d+)?/, swedish(fig.value, Number(f.slice(9))));
      if (filters.includes('abs')) text = text.replace(/^[\u2212-]/, '');
    }
  }
  if (number && fig.unit) text = text.replace(new RegExp(`[\\s\\u00a0]${escapeRe(fig.unit)}$`), '');
  return text;
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function swedish(canonical, decimals) {
  const n = Number(canonical);
  const f = Math.pow(10, decimals);
  const rounded = (Math.sign(n) * Math.round(Math.abs(n) * f + 1e-9)) / f;
  const [int, frac] = Math.abs(rounded).toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return (rounded < 0 ? '\u2212' : '') + grouped + (frac ? ',' + frac : '');
}

// Splits raw text into plain and reference segments, each reference with its printed value.
export function segments(ctx, raw, pointer) {
  const refs = findRefs(raw);
  const segs = [];
  let at = 0;
  for (const r of refs) {
    if (r.start > at) segs.push({ kind: 'plain', start: at, end: r.start, text: raw.slice(at, r.start) });
    segs.push({ kind: 'ref', start: r.start, end: r.end, id: r.id, filters: r.filters,
                text: refValue(ctx.figById.get(r.id), r.filters) });
    at = r.end;
  }
  if (at < raw.length) segs.push({ kind: 'plain', start: at, end: raw.length, text: raw.slice(at) });
  alignWithServer(segs, ctx.state.texts && ctx.state.texts[pointer]);
  return segs;
}

// The server's rendered text is the truth: take each reference's value from it where the
// plain parts around it can be found.
function alignWithServer(segs, rendered) {
  if (typeof rendered !== 'string' || !segs.some((s) => s.kind === 'ref')) return;
  if (segs.map((s) => s.text ?? '').join('') === rendered) return;
  const values = [];
  let pos = 0;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.kind === 'plain') {
      if (!rendered.startsWith(s.text, pos)) return;
      pos += s.text.length;
      continue;
    }
    const next = segs[i + 1];
    let end = -1;
    if (!next) end = rendered.length;
    else if (next.kind !== 'plain') {
      if (!s.text || !rendered.startsWith(s.text, pos)) return;  // two references in a row: trust our own
      end = pos + s.text.length;
    } else if (s.text && rendered.startsWith(s.text + next.text, pos)) end = pos + s.text.length;
    else if (rendered[pos] === '[' && rendered.startsWith(next.text, rendered.indexOf(']', pos) + 1)) {
      end = rendered.indexOf(']', pos) + 1;  // a figure without a value prints as [id]
    } else if (i + 2 === segs.length) end = rendered.endsWith(next.text) ? rendered.length - next.text.length : -1;
    else end = rendered.indexOf(next.text, pos);
    if (end < pos) return;
    values.push([s, rendered.slice(pos, end)]);
    pos = end;
  }
  for (const [s, v] of values) s.text = v;
}

function diagRanges(diags, length) {
  return diags
    .filter((d) => typeof d.from === 'number' && typeof d.to === 'number' && d.to > d.from && d.from < length)
    .map((d) => ({ from: d.from, to: Math.min(d.to, length), severity: d.severity, message: d.message }));
}

// The read view: plain text, references as chips, diagnostic spans as <mark>.
function readView(ctx, raw, pointer, diags) {
  const ranges = diagRanges(diags, raw.length);
  const out = [];
  for (const s of segments(ctx, raw, pointer)) {
    if (s.kind === 'ref') {
      const fig = ctx.figById.get(s.id);
      const hit = ranges.find((r) => r.from < s.end && r.to > s.start);
      const chip = el('span.ref' + (fig ? '' : '.ref-missing') + (fig && fig.printed ? '' : '.ref-empty') +
                      (hit ? '.mark-' + hit.severity : ''),
                      { dataset: { ref: s.id, start: s.start, end: s.end },
                        title: fig ? `{{${s.id}}} ${fig.label || ''}` : `{{${s.id}}}: ingen sådan figur` },
                      s.text || (fig ? 'att fylla i' : `{{${s.id}}}`));
      out.push(chip);
      continue;
    }
    let at = s.start;
    const cuts = ranges.filter((r) => r.from < s.end && r.to > s.start)
      .sort((a, b) => a.from - b.from);
    for (const r of cuts) {
      const from = Math.max(r.from, at);
      const to = Math.min(r.to, s.end);
      if (from > at) out.push(el('span', { dataset: { start: at } }, raw.slice(at, from)));
      if (to > from) {
        out.push(el('mark.mark-' + r.severity, { dataset: { start: from }, title: r.message }, raw.slice(from, to)));
      }
      at = Math.max(at, to);
    }
    if (at < s.end) out.push(el('span', { dataset: { start: at } }, raw.slice(at, s.end)));
  }
  return out;
}

// The backdrop behind the textarea: same text, references tinted, diagnostic spans marked.
function backdrop(raw, diags) {
  const ranges = diagRanges(diags, raw.length);
  const marks = [];
  for (const r of findRefs(raw)) marks.push({ from: r.start, to: r.end, cls: 'bd-ref' });
  for (const r of ranges) marks.push({ from: r.from, to: r.to, cls: 'bd-' + r.severity });
  marks.sort((a, b) => a.from - b.from);
  const out = [];
  let at = 0;
  for (const m of marks) {
    if (m.from < at) continue;
    if (m.from > at) out.push(raw.slice(at, m.from));
    out.push(el('span.' + m.cls, {}, raw.slice(m.from, m.to)));
    at = m.to;
  }
  out.push(raw.slice(at) + '\n');
  return out;
}

// opts: {pointer, value, label, ops(newValue) -> ops, placeholder, compact, inline}
export function textField(ctx, opts) {
  const pointer = opts.pointer;
  const saved = opts.value ?? '';
  const diags = ctx.diagnosticsAt(pointer);
  const error = ctx.errors.get(pointer);
  const msgId = uid('m');
  const root = el('div.tx' + (opts.compact ? '.tx-compact' : '') + (opts.review ? '.has-review' : '') +
                  (opts.todo ? '.has-todo' : ''),
                  { dataset: { ptr: pointer } });
  const read = el('div.tx-read', {
    tabindex: 0, role: 'textbox', 'aria-multiline': opts.compact ? 'false' : 'true',
    'aria-label': opts.label, 'aria-describedby': diags.length || error ? msgId : undefined,
    'aria-invalid': diags.some((d) => d.severity === 'error') || error ? 'true' : undefined,
    dataset: { key: pointer + '#read' },
  }, saved ? readView(ctx, saved, pointer, diags)
           : el('span.tx-placeholder', {}, opts.placeholder || 'Skriv här …'));
  root.append(read);
  const msgs = el('div.msgs', { id: msgId });
  if (error) msgs.append(el('p.msg.msg-refused', { role: 'alert' }, error));
  msgs.append(...diagnosticList(ctx, diags));
  root.append(msgs);

  let editor = null;
  const open = (caret) => {
    if (editor) return editor.area;
    editor = editMode(ctx, root, read, opts, saved, diags, msgId);
    const area = editor.area;
    area.focus();
    const at = caret ?? area.value.length;
    area.setSelectionRange(at, at);
    return area;
  };
  root.openEditor = open;

  read.addEventListener('focus', () => {
    if (ctx.rendering) return;
    open(read.dataset.caret ? Number(read.dataset.caret) : undefined);
  });
  read.addEventListener('mousedown', (e) => {
    const chip = e.target.closest('.ref');
    if (chip) {
      e.preventDefault();
      ctx.openFigure(chip.dataset.ref, chip);
      return;
    }
    read.dataset.caret = caretFromPoint(read, e.clientX, e.clientY, saved.length) ?? '';
  });
  return root;
}

function caretFromPoint(read, x, y, fallback) {
  let node = null;
  let offset = 0;
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    if (p) ({ offsetNode: node, offset } = p);
  } else if (document.caretRangeFromPoint) {
    const r = document.caretRangeFromPoint(x, y);
    if (r) ({ startContainer: node, startOffset: offset } = r);
  }
  if (!node || !read.contains(node)) return fallback;
  const span = node.nodeType === 3 ? node.parentElement : node;
  if (span.classList.contains('ref')) return Number(span.dataset.end);
  if (span.dataset.start === undefined) return fallback;
  return Number(span.dataset.start) + offset;
}

function editMode(ctx, root, read, opts, saved, diags, msgId) {
  const pointer = opts.pointer;
  const wrap = el('div.tx-edit');
  const back = el('div.tx-back', { 'aria-hidden': 'true' });
  const area = el('textarea.tx-area', {
    'aria-label': opts.label, rows: 1, spellcheck: 'true', lang: 'sv',
    'aria-describedby': msgId, dataset: { key: pointer, orig: saved },
    'aria-autocomplete': 'list',
  });
  area.value = saved;
  wrap.append(back, area);
  read.replaceWith(wrap);
  const refsBar = el('div.tx-refs');
  wrap.after(refsBar);

  let diagsShown = diags;
  const paint = () => {
    back.replaceChildren(...backdrop(area.value, diagsShown));
    area.style.height = 'auto';
    area.style.height = area.scrollHeight + 'px';
    refsBar.replaceChildren(...refButtons(ctx, area.value));
  };
  paint();

  const complete = completion(ctx, root, area, back);
  const save = () => {
    autosave.cancel();
    const value = area.value;
    if (value === area.dataset.orig) return;
    area.dataset.orig = value;
    ctx.edit(opts.ops(value), pointer);
  };
  const autosave = debounce(() => {
    if (!complete.isOpen()) save();
  }, 1500);
  area.addEventListener('input', () => {
    diagsShown = [];
    paint();
    complete.update();
    autosave();
  });
  area.addEventListener('keydown', (e) => {
    if (complete.keydown(e)) return;
    if (e.key === 'Escape') {
      area.value = area.dataset.orig;
      paint();
    } else if (e.key === 'Enter' && opts.compact) {
      e.preventDefault();
      save();
    }
  });
  root.addEventListener('focusout', (e) => {
    if (ctx.rendering || root.contains(e.relatedTarget)) return;
    complete.close();
    save();
    if (!ctx.rendering && root.isConnected && !root.contains(document.activeElement)) {
      // back to the read view until the next render replaces this field
      const fresh = textField(ctx, { ...opts, value: area.value });
      root.replaceWith(fresh);
    }
  });
  return { area };
}

function refButtons(ctx, raw) {
  const seen = new Set();
  const out = [];
  for (const r of findRefs(raw)) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const fig = ctx.figById.get(r.id);
    out.push(el('button.chip', {
      type: 'button',
      'aria-label': `Visa figuren ${r.id}`,
      onclick: (e) => ctx.openFigure(r.id, e.currentTarget),
    }, el('code', {}, r.id), ' ', el('span.chip-val', {}, fig ? fig.printed || 'att fylla i' : 'saknas')));
  }
  return out;
}

// `{{` search: a listbox under the caret, over figure ids and labels.
function completion(ctx, root, area, back) {
  const listId = uid('lb');
  const list = el('ul.complete', { role: 'listbox', id: listId, 'aria-label': 'Figurer' });
  let items = [];
  let active = 0;
  let start = -1;
  const isOpen = () => list.isConnected;
  const close = () => {
    list.remove();
    area.removeAttribute('aria-activedescendant');
    area.removeAttribute('aria-controls');
    start = -1;
  };
  const choose = (fig) => {
    const caret = area.selectionStart;
    const before = area.value.slice(0, start);
    let after = area.value.slice(caret);
    if (after.startsWith('}}')) after = after.slice(2);
    area.value = `${before}{{${fig.id}}}${after}`;
    const at = before.length + fig.id.length + 4;
    area.setSelectionRange(at, at);
    close();
    area.dispatchEvent(new Event('input'));
  };
  const show = () => {
    list.replaceChildren(...items.map((fig, i) => el('li.opt' + (i === active ? '.active' : ''), {
      role: 'option', id: `${listId}-${i}`, 'aria-selected': i === active ? 'true' : 'false',
      onmousedown: (e) => { e.preventDefault(); choose(fig); },
    }, el('span.opt-id', {}, fig.id), el('span.opt-val', {}, fig.printed || '–'),
       el('span.opt-label', {}, fig.label || ''))));
    if (!isOpen()) root.append(list);
    area.setAttribute('aria-controls', listId);
    area.setAttribute('aria-activedescendant', `${listId}-${active}`);
    const probe = caretProbe(back, area, start);
    list.style.left = Math.min(probe.left, Math.max(0, root.clientWidth - 380)) + 'px';
    list.style.top = probe.top + 'px';
    const cur = list.children[active];
    if (cur) cur.scrollIntoView({ block: 'nearest' });
  };
  const update = () => {
    const caret = area.selectionStart;
    const before = area.value.slice(0, caret);
    const open = before.lastIndexOf('{{');
    if (open < 0 || before.indexOf('}}', open) >= 0) return close();
    const query = before.slice(open + 2);
    if (!/^[\w.\-|= ]*$/.test(query) || query.length > 60) return close();
    start = open;
    items = search(ctx.state.figures, query.trim());
    active = 0;
    if (!items.length) {
      list.replaceChildren(el('li.opt-none', { role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' },
                              'Ingen figur matchar'));
      if (!isOpen()) root.append(list);
      return;
    }
    show();
  };
  const keydown = (e) => {
    if (!isOpen() || !items.length) {
      if (isOpen() && e.key === 'Escape') { close(); e.preventDefault(); return true; }
      return false;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      show();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      choose(items[active]);
    } else if (e.key === 'Escape') {
      close();
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  };
  return { update, keydown, close, isOpen };
}

function search(figures, query) {
  const q = query.toLowerCase();
  const scored = [];
  for (const f of figures) {
    const id = f.id.toLowerCase();
    const label = (f.label || '').toLowerCase();
    let score;
    if (!q) score = 3;
    else if (id.startsWith(q)) score = 0;
    else if (id.includes(q)) score = 1;
    else if (q.split(/\s+/).every((w) => label.includes(w) || id.includes(w))) score = 2;
    else continue;
    scored.push([score, f]);
  }
  scored.sort((a, b) => a[0] - b[0]);
  return scored.slice(0, 40).map((s) => s[1]);
}

function caretProbe(back, area, offset) {
  const raw = area.value;
  const probe = el('span', {}, '\u200b');
  const kept = [...back.childNodes];
  back.replaceChildren(raw.slice(0, offset), probe, raw.slice(offset));
  const top = probe.offsetTop + probe.offsetHeight + 4 - area.scrollTop;
  const left = probe.offsetLeft;
  back.replaceChildren(...kept);
  return { top, left };
}
