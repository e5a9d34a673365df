// Small helpers shared by the editor's modules: DOM building, JSON pointers, Swedish numbers.

// el('div.cls#id', {attrs}, children...): attributes starting with "on" become listeners.
export function el(spec, attrs = {}, ...children) {
  const m = /^([a-z0-9]+)?((?:[.#][\w-]+)*)$/i.exec(spec);
  const node = document.createElement(m[1] || 'div');
  for (const part of (m[2] || '').match(/[.#][\w-]+/g) || []) {
    if (part[0] === '.') node.classList.add(part.slice(1));
    else node.id = part.slice(1);
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'value') node.value = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

export function ptr(...parts) {
  return parts.map((p) => (String(p).startsWith('/') ? String(p) : '/' + escapePart(p))).join('');
}

export function escapePart(p) {
  return String(p).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePart(p) {
  return p.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function splitPtr(pointer) {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePart);
}

export function parentPtr(pointer) {
  const i = pointer.lastIndexOf('/');
  return i <= 0 ? '' : pointer.slice(0, i);
}

export function getAt(doc, pointer) {
  let node = doc;
  for (const part of splitPtr(pointer)) {
    if (node === undefined || node === null) return undefined;
    node = node[part];
  }
  return node;
}

// The printed form of a canonical amount ("-1234.5" -> "−1 234,5"), used only where
// the server gave no printed text (it normally does).
export function printAmount(canonical) {
  if (canonical === null || canonical === undefined || canonical === '') return '';
  const s = String(canonical);
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return (neg ? '\u2212' : '') + grouped + (frac !== undefined ? ',' + frac : '');
}

// {{id|filter}} references in a text: [{start, end, id, filters}]
export function findRefs(text) {
  const refs = [];
  const re = /\{\{\s*([^{}|]+?)\s*((?:\|[^{}|]*)*)\}\}/g;
  for (let m; (m = re.exec(text));) {
    refs.push({ start: m.index, end: m.index + m[0].length, id: m[1],
                filters: m[2] ? m[2].split('|').slice(1).map((f) => f.trim()) : [] });
  }
  return refs;
}

export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

let counter = 0;
export function uid(prefix = 'u') {
  counter += 1;
  return `${prefix}${counter}`;
}

export const STATUS_WORDS = [
  ['uppnas', 'Uppnås'],
  ['uppnas_delvis', 'Uppnås delvis'],
  ['uppnas_inte', 'Uppnås inte'],
  ['ej_bedomd', 'Ej bedömd'],
];
