// The editor's calls to `tertial edit` (docs/editor.md): every request carries the token;
// changes go one at a time, each against the revision the previous one returned.

export const token = document.querySelector('meta[name="tertial-token"]').content;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

async function request(method, path, body) {
  const init = { method, headers: { 'X-Tertial-Token': token }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { error: 'Tertial svarar inte. Kör tertial edit fortfarande?' });
  }
  let json = null;
  try {
    json = await res.json();
  } catch (e) {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, json);
  if (json && typeof json.revision === 'number' && json.report) api.revision = json.revision;
  return json;
}

let queue = Promise.resolve();

// Runs fn(currentRevision) after every earlier change has been answered.
function serial(fn) {
  const next = queue.then(fn, fn);
  queue = next.catch(() => {});
  return next;
}

export const api = {
  revision: 0,
  state() {
    return request('GET', '/api/state');
  },
  status() {
    return request('GET', '/api/status');
  },
  edit(ops) {
    return serial(() => request('POST', '/api/edit', { revision: api.revision, ops }));
  },
  undo() {
    return serial(() => request('POST', '/api/undo', { revision: api.revision }));
  },
  redo() {
    return serial(() => request('POST', '/api/redo', { revision: api.revision }));
  },
  // An import the server runs and shows, changing nothing; then accepted by its id.
  importPreview(body) {
    return serial(() => request('POST', '/api/import', { revision: api.revision, ...body }));
  },
  importAccept(id) {
    return serial(() => request('POST', '/api/import/accept', { revision: api.revision, import: id }));
  },
  reload() {
    return serial(() => request('POST', '/api/reload', {}));
  },
  previewUrl(revision, page) {
    // the page is in the query too: Chromium's viewer ignores a change of the fragment alone
    return `/api/preview.pdf?token=${encodeURIComponent(token)}&revision=${revision}` +
      (page ? `&page=${page}#page=${page}&view=FitH` : '');
  },
};
