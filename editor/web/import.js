// "Importera": a ledger export or Kolada snapshot chosen (or dropped) here, read on this computer and sent
// to `tertial edit`, which runs the same import as `tertial import` and answers with the reconciliation and
// the changes; "Godkänn" saves them as one change (undone with Ctrl+Z like any other).
import { api, ApiError } from './api.js';
import { el } from './util.js';

const $ = (sel) => document.querySelector(sel);
const MAX_BYTES = 64 * 1024 * 1024;  // the server's limit for a file (docs/editor.md)

// The file's day in this computer's time zone, as `tertial import` takes a file's date.
function localDay(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`${file.name}: kunde inte läsas.`));
    reader.readAsDataURL(file);
  });
}

async function sent(file) {
  if (file.size > MAX_BYTES) throw new Error(`${file.name} är större än 64 MiB; importera den med tertial import.`);
  return { name: file.name, data: await base64(file), modified: localDay(file.lastModified) };
}

const kind = () => document.querySelector('input[name="import-kind"]:checked').value;

function table(caption, head, rows, foot, numbers = true) {
  return el('table.import-table', {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, head.map((h, i) => el('th', { scope: 'col', class: i && numbers ? 'num' : null }, h)))),
    el('tbody', {}, rows),
    foot && foot.length ? el('tfoot', {}, foot) : null);
}

function line(label, amount, lines, cls) {
  return el('tr', { class: cls || null }, el('th', { scope: 'row' }, label), el('td.num', {}, amount),
            el('td.num', {}, lines === undefined ? '' : String(lines)));
}

function reconciliation(rec) {
  const parts = rec.parts.map((p) => line(p.kind === 'row' ? `Rad ${p.row}` : `Utelämnat: ${p.reason}`, p.amount, p.lines));
  const unmapped = rec.unmapped.map((u) => line(`Omappat: ${u.codes}`, u.amount, u.lines, 'bad'));
  const foot = [line('Importerat', rec.imported), line('Utelämnat med skäl', rec.left_out)];
  if (rec.unmapped.length) foot.push(line('Omappat (stoppar importen)', rec.unmapped_total, undefined, 'bad'));
  foot.push(line(`Summa i filen (${rec.rows} rader)`, rec.total, undefined, 'total'));
  return table(`Avstämning mot filen (${rec.unit}, som i filen)`, ['', 'Belopp', 'Rader'], [...parts, ...unmapped], foot);
}

function changes(ctx, view) {
  if (!view.changes.length) return el('p.hint', {}, 'Inga celler ändras.');
  const m = view.mapping;
  const caption = m ? `Ändringar i ${m.table} / ${m.column}${m.table_unit ? ` (${m.table_unit})` : ''}` : 'Ändringar';
  return table(caption, ['Cell', 'Gammalt → nytt'], view.changes.map((c) => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: '#', onclick: (e) => { e.preventDefault(); ctx.navigate(c.pointer, true); } }, c.where)),
    el('td', {}, c.change, c.year ? el('span.hint', {}, ` (år ${c.year}: ett nyare utfall, se över kommentaren)`) : null))),
    null, false);
}

function diagnostics(list) {
  return list && list.length ? el('ul.import-diags', {}, list.map((d) => el('li', {}, el('code', {}, d.pointer), ' ', d.message))) : null;
}

function render(ctx, view, error, diags) {
  const out = [];
  if (error) {
    out.push(el('div.msg.msg-error.import-error', { role: 'alert', tabindex: '-1' },
      el('p', {}, el('strong', {}, 'Importen kan inte godkännas. '), 'Inget har ändrats.'),
      el('pre', {}, error), diagnostics(diags)));
  }
  if (!view) return out;
  if (view.date) out.push(el('p.hint', {}, `Siffrornas datum: ${view.date}`));
  if (view.kind === 'ledger' && view.reconciliation) out.push(reconciliation(view.reconciliation));
  if (view.kind === 'kolada' && view.summary && !error) {
    const s = view.summary;
    out.push(el('p', {}, `${s.filled} figurer från Kolada: ${s.changed} ändras, ${s.unchanged} oförändrade, ${s.missing} kvar att fylla i.`));
  }
  if (!error || (view.changes || []).length) out.push(changes(ctx, view));
  for (const [title, list] of [['Kvar att fylla i', view.missing], ['Varningar', view.warnings]]) {
    if (list && list.length) out.push(el('h3.import-sub', {}, title), el('ul.import-notes', {}, list.map((m) => el('li', {}, m))));
  }
  if (view.notes && view.notes.length) {
    out.push(el('details.import-read', {}, el('summary', {}, 'Vad Tertial läste'),
                el('ul.import-notes', {}, view.notes.map((n) => el('li', {}, n)))));
  }
  if (view.id && !error) {
    out.push(el('div.actions', {},
      el('button.btn#import-accept', { type: 'button', onclick: () => accept(ctx, view.id) },
         view.unchanged ? 'Godkänn (inget ändras)' : 'Godkänn'),
      el('button.btn.secondary', { type: 'button', onclick: () => clear('Importen avbröts; inget har ändrats.') }, 'Avbryt')));
  }
  return out;
}

function show(nodes, focus) {
  const box = $('#import-result');
  box.replaceChildren(...nodes);
  if (focus) {
    const target = box.querySelector(focus);
    if (target) target.focus();
  }
}

function clear(message) {
  show([el('p.hint', { tabindex: '-1' }, message)], 'p');
}

async function preview(ctx) {
  const files = [...$('#import-file').files];
  if (!files.length) {
    show([el('p.msg.msg-error', { role: 'alert' }, 'Välj en fil först.')]);
    $('#import-file').focus();
    return;
  }
  show([el('p.hint', {}, 'Läser filen …')]);
  try {
    const body = { kind: kind(), files: await Promise.all(files.map(sent)), date: $('#import-date').value };
    if (body.kind === 'ledger') {
      const map = $('#import-map').files[0];
      if (map) body.map = await sent(map);
      for (const key of ['table', 'column', 'sheet']) body[key] = $(`#import-${key}`).value.trim();
    }
    const answer = await api.importPreview(body);
    show(render(ctx, answer.import, null), '#import-accept');
  } catch (e) {
    if (e instanceof ApiError && e.body.import) show(render(ctx, e.body.import, e.message, e.body.diagnostics), '.import-error');
    else show([el('p.msg.msg-error.import-error', { role: 'alert', tabindex: '-1' }, e.message)], '.import-error');
  }
}

async function accept(ctx, id) {
  const saved = await ctx.send(() => api.importAccept(id));
  if (saved) clear('Importen är sparad. Ångra den med Ctrl+Z.');
  else show([el('p.msg.msg-error', { role: 'alert', tabindex: '-1' }, 'Importen sparades inte; visa ändringarna igen.')], 'p');
}

export function setupImport(ctx) {
  const form = $('#import-form');
  const fileInput = $('#import-file');
  const syncKind = () => {
    const ledger = kind() === 'ledger';
    $('#import-ledger-options').hidden = !ledger;
    fileInput.multiple = !ledger;
    fileInput.accept = ledger ? '.csv,.txt,.xlsx,.xlsm' : '.json,application/json';
    $('#import-result').replaceChildren();
  };
  form.addEventListener('change', (e) => { if (e.target.name === 'import-kind') syncKind(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    preview(ctx);
  });
  // A file dropped anywhere on the form is the file to import.
  form.addEventListener('dragover', (e) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    $('#import-drop').classList.add('over');
  });
  form.addEventListener('dragleave', () => $('#import-drop').classList.remove('over'));
  form.addEventListener('drop', (e) => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault();
    $('#import-drop').classList.remove('over');
    fileInput.files = e.dataTransfer.files;
    fileInput.focus();
  });
  syncKind();
}
