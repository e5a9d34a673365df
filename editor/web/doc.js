// The report as the page shows it: meta, named figures, the tjänsteskrivelse and the body,
// every part editable in place, each element carrying the JSON pointer it edits.
import { el, ptr, uid, STATUS_WORDS } from './util.js';
import { textField } from './text.js';
import { tableGrid } from './grid.js';
import { diagnosticList } from './diagnostics.js';

const SOURCE = { kf: 'Fullmäktige', n: 'Nämnd', w: 'W', klg: 'KLG' };

function reviewOps(blockPtr, block, key = 'review') {
  return block && block[key] ? [{ op: 'remove', path: `${blockPtr}/${key}` }] : [];
}

function setOps(pointer, exists, value) {
  return [{ op: exists ? 'replace' : 'add', path: pointer, value }];
}

function badges(block, key = 'review') {
  const out = [];
  if (block && block[key]) {
    out.push(el('span.badge.badge-review', { title: block[key].note || 'Överfört från förra året' },
      'Att granska' + (block[key].note ? ': ' + block[key].note : '')));
  }
  if (block && block.todo) out.push(el('span.badge.badge-todo', {}, 'Att fylla i'));
  return out;
}

function previous(review) {
  if (!review || !review.previous || !review.previous.length) return null;
  return el('details.previous', {}, el('summary', {}, 'Förra årets text'),
    review.previous.map((p) => el('p', {}, p)));
}

// A plain input (meta, titles, years) saved on change.
export function simpleInput(ctx, o) {
  const id = uid('f');
  const refused = ctx.errors.get(o.pointer);
  const diags = ctx.diagnosticsUnder(o.pointer);
  const input = el('input', {
    id, type: o.type || 'text', value: o.value ?? '', class: o.todo ? 'todo' : undefined,
    dataset: { key: o.pointer, ptr: o.pointer, orig: o.value ?? '' }, placeholder: o.placeholder,
    'aria-invalid': refused || diags.some((d) => d.severity === 'error') ? 'true' : undefined,
    inputmode: o.inputmode, autocomplete: 'off',
  });
  const commit = () => {
    if (ctx.rendering || input.value === input.dataset.orig) return;
    input.dataset.orig = input.value;
    ctx.edit(o.ops(input.value), o.pointer);
  };
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') input.value = input.dataset.orig;
  });
  const msgs = el('div.msgs', {}, refused ? el('p.msg.msg-refused', { role: 'alert' }, refused) : null,
                  diagnosticList(ctx, diags));
  return el('div.field' + (o.wide ? '.wide' : ''), { dataset: { ptr: o.pointer } },
            el('label', { for: id }, o.label), input, msgs);
}

// An amount outside tables (named figures, key figures): typed Swedish, parsed by the server.
function amountField(ctx, o) {
  const fig = o.figure ? ctx.figById.get(o.figure) : null;
  const printed = fig && fig.printed ? fig.printed.replace(/[\s\u00a0][^\s\u00a0\d,]+$/, '') : '';
  return simpleInput(ctx, {
    pointer: o.pointer, label: o.label, value: printed, inputmode: 'decimal', todo: o.todo,
    placeholder: o.todo ? 'fyll i' : undefined,
    ops: (v) => [...o.before, ...(o.exists ? [] : [{ op: 'add', path: o.pointer, value: null }]),
                 { op: 'amount', path: o.pointer, text: v }],
  });
}

export function renderDocument(ctx) {
  const r = ctx.state.report;
  return [metaCard(ctx, r), figuresCard(ctx, r), coverLetter(ctx, r),
          el('div.body', {}, (r.body || []).map((b, i) => block(ctx, b, `/body/${i}`, 2)))];
}

function card(pointer, title, ...content) {
  const hid = uid('h');
  return el('section.card', { dataset: { ptr: pointer }, 'aria-labelledby': hid },
            el('h2', { id: hid, tabindex: -1 }, title), ...content);
}

function metaCard(ctx, r) {
  const m = r.meta;
  const todo = new Set(m.todo || []);
  const signatories = m.signatories || [];
  const signs = new Set((r.cover_letter && r.cover_letter.signatures) || []);
  return card('/meta', 'Uppgifter om rapporten',
    el('div.fields', {},
      simpleInput(ctx, { pointer: '/meta/title', label: 'Titel', value: m.title, wide: true,
                         ops: (v) => [{ op: 'replace', path: '/meta/title', value: v }] }),
      // A draft may leave its date to fill in (no "date" at all): the first date is an "add".
      simpleInput(ctx, { pointer: '/meta/date', label: 'Datum (ÅÅÅÅ-MM-DD)', value: m.date, todo: todo.has('date'),
                         placeholder: 'date' in m ? undefined : 'fyll i',
                         ops: (v) => (v ? setOps('/meta/date', 'date' in m, v)
                                        : 'date' in m ? [{ op: 'remove', path: '/meta/date' }] : []) }),
      simpleInput(ctx, { pointer: '/meta/dnr', label: 'Dnr', value: m.dnr, todo: todo.has('dnr'),
                         placeholder: todo.has('dnr') ? 'fyll i' : undefined,
                         ops: (v) => (v ? setOps('/meta/dnr', 'dnr' in m, v)
                                        : 'dnr' in m ? [{ op: 'remove', path: '/meta/dnr' }] : []) }),
      statusSelect(ctx, m)),
    el('fieldset.signers' + (todo.has('signatures') || !signatories.length ? '.todo' : ''),
      { dataset: { ptr: signatories.length ? '/cover_letter/signatures' : '/meta/signatories' } },
      el('legend', {}, 'Undertecknare' + (todo.has('signatures') ? ' (att välja)' : '')),
      signatories.map((s, i) => el('div.signer', {},
        checkbox(ctx, `Skriver under: ${s.name}`, signs.has(s.id), (on) => {
          const next = signatories.map((x) => x.id).filter((id) => (id === s.id ? on : signs.has(id)));
          const exists = r.cover_letter && 'signatures' in r.cover_letter;
          return setOps('/cover_letter/signatures', exists, next);
        }, `/cover_letter/signatures#${s.id}`),
        simpleInput(ctx, { pointer: `/meta/signatories/${i}/name`, label: 'Namn', value: s.name,
                           ops: (v) => [{ op: 'replace', path: `/meta/signatories/${i}/name`, value: v }] }),
        simpleInput(ctx, { pointer: `/meta/signatories/${i}/title`, label: 'Befattning', value: s.title,
                           ops: (v) => [{ op: 'replace', path: `/meta/signatories/${i}/title`, value: v }] }),
        el('button.remove', {
          type: 'button', 'aria-label': `Ta bort undertecknaren ${s.name}`, title: 'Ta bort undertecknaren',
          onclick: () => ctx.edit([
            ...(signs.has(s.id) ? [{ op: 'replace', path: '/cover_letter/signatures',
                                     value: [...signs].filter((id) => id !== s.id) }] : []),
            { op: 'remove', path: `/meta/signatories/${i}` }], '/meta/signatories'),
        }, '×'))),
      newSignatory(ctx, m, signatories)));
}

// "Förvaltningschef" -> "forvaltningschef": a new signatory's id, from its
// title, in the letters an id allows, and not one the report already has.
function signatoryId(title, signatories) {
  const folded = title.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const base = /^[a-z]/.test(folded) ? folded : `undertecknare${folded ? `_${folded}` : ''}`;
  const taken = new Set(signatories.map((s) => s.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  return id;
}

// Name and title of one more person who signs, added with the button.
function newSignatory(ctx, m, signatories) {
  const nameId = uid('f');
  const titleId = uid('f');
  const name = el('input', { id: nameId, type: 'text', autocomplete: 'off', dataset: { key: '/meta/signatories/-/name' } });
  const title = el('input', { id: titleId, type: 'text', autocomplete: 'off', placeholder: 't.ex. Förvaltningschef',
                              dataset: { key: '/meta/signatories/-/title' } });
  const add = () => {
    const empty = [name, title].find((i) => !i.value.trim());
    if (empty) {
      empty.setAttribute('aria-invalid', 'true');
      empty.focus();
      return;
    }
    const value = { id: signatoryId(title.value.trim(), signatories), name: name.value.trim(), title: title.value.trim() };
    ctx.edit('signatories' in m ? [{ op: 'add', path: '/meta/signatories/-', value }]
                                : [{ op: 'add', path: '/meta/signatories', value: [value] }], '/meta/signatories');
  };
  for (const input of [name, title]) input.addEventListener('keydown', (e) => { if (e.key === 'Enter') add(); });
  return el('div.signer.signer-new', {},
    el('div.field', {}, el('label', { for: nameId }, 'Namn'), name),
    el('div.field', {}, el('label', { for: titleId }, 'Befattning'), title),
    el('button.btn.secondary', { type: 'button', onclick: add }, 'Lägg till undertecknare'));
}

function checkbox(ctx, label, checked, ops, key) {
  const id = uid('c');
  const box = el('input', { type: 'checkbox', id, checked, dataset: { key } });
  box.addEventListener('change', () => ctx.edit(ops(box.checked), '/cover_letter/signatures'));
  return el('div.check', {}, box, el('label', { for: id }, label));
}

function statusSelect(ctx, m) {
  const id = uid('s');
  const sel = el('select', { id, dataset: { key: '/meta/status', ptr: '/meta/status' } },
    [['utkast', 'Utkast'], ['faststalld', 'Fastställd']].map(([v, t]) =>
      el('option', { value: v, selected: m.status === v }, t)));
  sel.addEventListener('change', () => ctx.edit([{ op: 'replace', path: '/meta/status', value: sel.value }], '/meta/status'));
  return el('div.field', { dataset: { ptr: '/meta/status' } }, el('label', { for: id }, 'Status'), sel,
            el('div.msgs', {}, ctx.errors.get('/meta/status') ? el('p.msg.msg-refused', { role: 'alert' },
                                                                  ctx.errors.get('/meta/status')) : null));
}

function figuresCard(ctx, r) {
  if (!r.figures || !r.figures.length) return null;
  return card('/figures', 'Figurer i texten',
    el('p.hint', {}, 'Belopp som texterna hänvisar till med {{id}}. Beräknade figurer räknas fram.'),
    el('div.figs', {}, r.figures.map((f, i) => {
      const p = `/figures/${i}`;
      const fig = ctx.figById.get(f.id);
      const head = el('div.fig-head', {}, el('code', {}, f.id), ' ', el('span', {}, f.label || ''));
      if (f.calc) {
        return el('div.fig', { dataset: { ptr: p } }, head,
          el('p.fig-calc', { title: `Beräknas: ${f.calc}` }, el('strong', {}, fig && fig.printed ? fig.printed : 'tom'),
             el('br'), el('code', {}, f.calc)),
          el('div.msgs', {}, diagnosticList(ctx, ctx.diagnosticsUnder(p))));
      }
      return el('div.fig', { dataset: { ptr: p } }, head, amountField(ctx, {
        pointer: `${p}/value`, label: `Värde${f.unit ? ' (' + f.unit + ')' : ''}`, figure: f.id,
        todo: f.todo === true, exists: 'value' in f,
        before: f.todo ? [{ op: 'remove', path: `${p}/todo` }] : [],
      }));
    })));
}

function coverLetter(ctx, r) {
  const c = r.cover_letter;
  if (!c) return null;
  const base = '/cover_letter';
  const part = (key, title, content) => {
    const hid = uid('h');
    return el('section.part', { dataset: { ptr: `${base}/${key}` }, 'aria-labelledby': hid },
              el('h3', { id: hid, tabindex: -1 }, title), content);
  };
  const strings = (key, label, review) => {
    const items = c[key] || [];
    // One line each (a proposal, a document, a recipient): Enter saves it.
    const list = items.map((t, i) => textField(ctx, {
      pointer: `${base}/${key}/${i}`, value: t, label: `${label} ${i + 1}`, review: review ? c[review] : undefined, compact: true,
      ops: (v) => [{ op: 'replace', path: `${base}/${key}/${i}`, value: v }, ...reviewOps(base, c, review)],
    }));
    list.push(textField(ctx, {
      pointer: `${base}/${key}/${items.length}`, value: '', label: `Ny: ${label}`, placeholder: `Lägg till: ${label.toLowerCase()} …`,
      compact: true,
      ops: (v) => (c[key] ? [{ op: 'add', path: `${base}/${key}/-`, value: v }]
                          : [{ op: 'add', path: `${base}/${key}`, value: [v] }]),
    }));
    return list;
  };
  const hid = uid('h');
  return el('section.card.cover', { dataset: { ptr: base }, 'aria-labelledby': hid },
    el('h2', { id: hid, tabindex: -1 }, 'Tjänsteskrivelse'),
    simpleInput(ctx, { pointer: `${base}/title`, label: 'Ärende', value: c.title, wide: true,
                       ops: (v) => [{ op: 'replace', path: `${base}/title`, value: v }] }),
    part('summary', 'Sammanfattning', blockList(ctx, c.summary || [], `${base}/summary`, 4)),
    part('proposals', 'Förslag till beslut', [el('div', {}, badges(c, 'proposals_review')),
                                              previous(c.proposals_review),
                                              el('ol.proposals', {}, strings('proposals', 'Förslag', 'proposals_review')
                                                .map((f) => el('li', {}, f)))]),
    c.background ? part('background', 'Bakgrund', blockList(ctx, c.background, `${base}/background`, 4)) : null,
    part('basis', 'Underlag', strings('basis', 'Underlag')),
    part('send_to', 'Expedieras till', strings('send_to', 'Mottagare')));
}

function block(ctx, b, p, level) {
  switch (b.type) {
    case 'section': return section(ctx, b, p, level);
    case 'paragraph': return paragraph(ctx, b, p);
    case 'list': return list(ctx, b, p);
    case 'assignments': return assignments(ctx, b, p);
    case 'key_figures': return keyFigures(ctx, b, p);
    case 'table': return el('div.blk', { dataset: { ptr: p } }, tableGrid(ctx, b, p));
    case 'chart': return chart(ctx, b, p);
    default: return el('div.blk', { dataset: { ptr: p } }, el('p.hint', {}, `(${b.type})`));
  }
}

function section(ctx, s, p, level) {
  const hid = uid('h');
  const number = ctx.numbers.get(p) || '';
  const h = el(`h${Math.min(level, 6)}`, { id: hid, tabindex: -1, class: 'sec-title' },
               number ? el('span.num', {}, number + ' ') : null, s.title);
  const goal = s.goal ? goalSelect(ctx, s, p) : null;
  return el('section.sec', { dataset: { ptr: p }, 'aria-labelledby': hid }, h, goal,
            el('div.msgs', {}, diagnosticList(ctx, ctx.diagnosticsAt(p))),
            blockList(ctx, s.body || [], `${p}/body`, level + 1));
}

function goalSelect(ctx, s, p) {
  const id = uid('g');
  const gp = `${p}/goal/status`;
  const sel = el('select', { id, dataset: { key: gp, ptr: gp } },
    STATUS_WORDS.map(([v, t]) => el('option', { value: v, selected: s.goal.status === v }, t)));
  sel.addEventListener('change', () => ctx.edit([{ op: 'replace', path: gp, value: sel.value }], gp));
  return el('div.field.goal', { dataset: { ptr: gp } }, el('label', { for: id }, 'Målet'), sel,
            el('span.goal-status.st-' + s.goal.status, { 'aria-hidden': 'true' }));
}

function paragraph(ctx, b, p) {
  const extra = [...(b.todo !== undefined ? [{ op: 'remove', path: `${p}/todo` }] : []), ...reviewOps(p, b)];
  return el('div.blk.para', { dataset: { ptr: p } }, badges(b),
    el('div.para-row', {},
      textField(ctx, {
        pointer: `${p}/text`, value: b.text, label: 'Stycke', review: b.review, todo: b.todo,
        placeholder: b.todo ? `Att skriva: ${typeof b.todo === 'string' ? b.todo : ''}` : undefined,
        ops: (v) => [...setOps(`${p}/text`, 'text' in b, v), ...extra],
      }),
      el('button.remove', { type: 'button', 'aria-label': 'Ta bort stycket', title: 'Ta bort stycket',
                            onclick: () => ctx.edit([{ op: 'remove', path: p }], p.replace(/\/body\/\d+$|\/\d+$/, '')) }, '×')),
    previous(b.review));
}

// A section's blocks, with a field for a new paragraph after its text and
// before its subsections. The field's pointer is the one the paragraph will
// have, so typing goes on in it when the page is drawn again after the save.
function blockList(ctx, blocks, bodyPtr, level) {
  const views = blocks.map((b, i) => block(ctx, b, `${bodyPtr}/${i}`, level));
  let at = blocks.findIndex((b) => b.type === 'section');
  if (at < 0) at = blocks.length;
  views.splice(at, 0, el('div.blk.para.para-new', { dataset: { ptr: `${bodyPtr}/${at}` } },
    textField(ctx, {
      pointer: `${bodyPtr}/${at}/text`, value: '', label: 'Nytt stycke', placeholder: 'Nytt stycke …',
      ops: (v) => (v.trim() ? [{ op: 'add', path: `${bodyPtr}/${at}`, value: { type: 'paragraph', text: v } }] : []),
    })));
  return views;
}

function list(ctx, b, p) {
  const items = b.items || [];
  const tag = b.ordered ? 'ol' : 'ul';
  const fields = items.map((t, i) => el('li', {}, textField(ctx, {
    pointer: `${p}/items/${i}`, value: t, label: `Punkt ${i + 1}`, review: b.review, compact: true,
    ops: (v) => [{ op: 'replace', path: `${p}/items/${i}`, value: v }, ...reviewOps(p, b)],
  }), el('button.remove', { type: 'button', 'aria-label': `Ta bort punkt ${i + 1}`, title: 'Ta bort punkten',
         onclick: () => ctx.edit([{ op: 'remove', path: `${p}/items/${i}` }, ...reviewOps(p, b)], p) }, '×')));
  fields.push(el('li.new', {}, textField(ctx, {
    pointer: `${p}/items/${items.length}`, value: '', label: 'Ny punkt', placeholder: 'Ny punkt …', compact: true,
    ops: (v) => [{ op: 'add', path: `${p}/items/-`, value: v }, ...reviewOps(p, b)],
  })));
  return el('div.blk.list', { dataset: { ptr: p } }, badges(b), el(tag, {}, fields), previous(b.review));
}

function assignments(ctx, b, p) {
  return el('div.blk.assignments', { dataset: { ptr: p } },
    el('p.hint', {}, `Uppdrag från ${SOURCE[b.source] || b.source}`),
    (b.items || []).map((it, i) => {
      const ip = `${p}/items/${i}`;
      const comments = it.comment || [];
      const review = reviewOps(ip, it);
      const hid = uid('h');
      return el('article.assignment', { dataset: { ptr: ip }, 'aria-labelledby': hid },
        el('h4.label', { id: hid }, 'Uppdrag ', i + 1), badges(it),
        textField(ctx, { pointer: `${ip}/text`, value: it.text, label: `Uppdrag ${i + 1}`,
                         ops: (v) => [{ op: 'replace', path: `${ip}/text`, value: v }] }),
        it.clarification !== undefined ? textField(ctx, { pointer: `${ip}/clarification`, value: it.clarification,
          label: 'Förtydligande', ops: (v) => [{ op: 'replace', path: `${ip}/clarification`, value: v }] }) : null,
        el('p.label', {}, 'Kommentar'),
        comments.map((t, k) => textField(ctx, {
          pointer: `${ip}/comment/${k}`, value: t, label: `Kommentar till uppdrag ${i + 1}, stycke ${k + 1}`,
          review: it.review, ops: (v) => [{ op: 'replace', path: `${ip}/comment/${k}`, value: v }, ...review],
        })),
        textField(ctx, {
          pointer: `${ip}/comment/${comments.length}`, value: '', review: it.review,
          label: `Kommentar till uppdrag ${i + 1}, nytt stycke`,
          placeholder: comments.length ? 'Nytt stycke …' : 'Skriv kommentaren …',
          ops: (v) => [{ op: 'add', path: `${ip}/comment/-`, value: v }, ...review],
        }),
        previous(it.review));
    }));
}

function keyFigures(ctx, b, p) {
  return el('div.blk.keyfigs', { dataset: { ptr: p } }, (b.groups || []).map((g, gi) => el('div.kf-group', {},
    g.goal ? el('p.kf-goal', {}, g.goal) : null,
    (g.items || []).map((it, k) => {
      const ip = `${p}/groups/${gi}/items/${k}`;
      const review = reviewOps(ip, it);
      const hid = uid('h');
      return el('article.kf', { dataset: { ptr: ip }, 'aria-labelledby': hid },
        el('h4.kf-name', { id: hid }, it.name), badges(it),
        el('div.fields', {},
          simpleInput(ctx, { pointer: `${ip}/year`, label: 'År', value: it.year,
                             ops: (v) => [{ op: 'replace', path: `${ip}/year`, value: v }] }),
          amountField(ctx, { pointer: `${ip}/value`, label: `Utfall (${it.unit})`, figure: it.id, todo: it.todo === true,
                             exists: 'value' in it, before: it.todo ? [{ op: 'remove', path: `${ip}/todo` }] : [] })),
        textField(ctx, { pointer: `${ip}/comment`, value: it.comment, label: `Kommentar: ${it.name}`, review: it.review,
                         ops: (v) => [{ op: 'replace', path: `${ip}/comment`, value: v }, ...review] }),
        previous(it.review));
    }))));
}

function chart(ctx, b, p) {
  return el('div.blk.chart', { dataset: { ptr: p } },
    el('p.label', {}, `Diagram: ${b.title || b.id} (från tabellen ${b.table})`), badges(b),
    textField(ctx, { pointer: `${p}/alt`, value: b.alt, label: `Textalternativ för diagrammet ${b.title || b.id}`,
                     ops: (v) => [{ op: 'replace', path: `${p}/alt`, value: v }, ...reviewOps(p, b)] }),
    previous(b.review));
}

export { ptr };
