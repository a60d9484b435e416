// baocao serve: the page. Plain DOM, no framework, no network beyond this server.
'use strict';
const CSRF = document.querySelector('meta[name=csrf]').content;
const app = document.getElementById('app');

const FIELDS = [
  ['co-quan-chu-quan', 'Cơ quan chủ quản', false, 'tùy chọn, vd. UBND TỈNH KHÁNH HÒA'],
  ['co-quan', 'Cơ quan ban hành', true, 'mỗi dòng in một dòng (1–3 dòng)'],
  ['ten-co-quan', 'Tên cơ quan viết trong câu', false, 'tùy chọn'],
  ['so', 'Số', false, 'vd. 125'],
  ['ky-hieu', 'Ký hiệu', false, 'vd. BC-SNV'],
  ['dia-danh', 'Địa danh', false, 'vd. Khánh Hòa'],
  ['ngay', 'Ngày ký', false, 'năm-tháng-ngày, vd. 2024-09-20'],
  ['ten-loai', 'Tên loại văn bản', false, 'vd. BÁO CÁO'],
  ['trich-yeu', 'Trích yếu', false, 'nội dung tóm tắt'],
  ['do-khan', 'Độ khẩn', false, 'để trống, KHẨN, THƯỢNG KHẨN hoặc HỎA TỐC'],
  ['kinh-gui', 'Kính gửi', true, 'mỗi dòng một nơi; tùy chọn'],
  ['sau-noi-dung', 'Dòng sau nội dung', false, 'tùy chọn, vd. (Kèm theo Phụ lục I, II).'],
  ['noi-nhan', 'Nơi nhận', true, 'mỗi dòng một nơi; dấu "- " được tự thêm'],
  ['ky.tham-quyen', 'Thẩm quyền ký', true, 'mỗi dòng một dòng, vd. KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC'],
  ['ky.ho-ten', 'Người ký', false, 'họ và tên'],
];

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg; t.classList.add('show');
  clearTimeout(toast.timer); toast.timer = setTimeout(() => t.classList.remove('show'), 4000);
}

async function api(method, url, body, type) {
  const opt = { method, headers: {} };
  if (method !== 'GET') { opt.headers['X-CSRF-Token'] = CSRF; }
  if (body !== undefined) { opt.body = body; if (type) opt.headers['Content-Type'] = type; }
  const r = await fetch(url, opt);
  let data = null;
  try { data = await r.json(); } catch (e) { data = { error: { message: 'trả lời không đọc được (' + r.status + ')' } }; }
  if (!r.ok && !data.error) data.error = { message: 'lỗi ' + r.status };
  return data;
}

function where(d) {
  let s = d.file || '';
  if (d.line) s += ':' + d.line + (d.column ? ':' + d.column : '');
  return s;
}
const base = f => (f || '').split('/').pop();

// ---------------------------------------------------------------- list
async function showList() {
  document.title = 'baocao — các báo cáo';
  const data = await api('GET', '/api/bao-cao');
  app.replaceChildren();
  if (data.error) { app.append(h('p', { class: 'err-box', text: data.error.message })); return; }
  const list = h('ul', { class: 'list', id: 'reports' });
  for (const r of data.reports) {
    const nextName = h('input', { type: 'text', 'aria-label': 'Tên thư mục báo cáo kỳ sau của ' + r.name, placeholder: 'tên báo cáo kỳ sau' });
    list.append(h('li', {},
      h('div', { class: 't' }, h('a', { href: '#/r/' + encodeURIComponent(r.name) }, h('strong', { text: r.name })),
        h('div', { class: 'meta', text: [r.so && ('Số ' + r.so + (r['ky-hieu'] ? '/' + r['ky-hieu'] : '')), r.ngay, r['trich-yeu']].filter(Boolean).join(' · ') })),
      h('div', { class: 'row' }, nextName, h('button', { type: 'button', onclick: async (ev) => {
        const b = ev.currentTarget; b.disabled = true;
        const res = await api('POST', '/api/bao-cao/' + encodeURIComponent(r.name) + '/ky-sau?ten=' + encodeURIComponent(nextName.value.trim()));
        b.disabled = false;
        if (res.error) toast(res.error.message); else location.hash = '#/r/' + encodeURIComponent(res.name);
      } }, 'Tạo kỳ sau'))));
  }
  if (!data.reports.length) list.append(h('li', { text: 'Thư mục làm việc chưa có báo cáo nào: hãy tạo báo cáo đầu tiên ở dưới.' }));
  const name = h('input', { type: 'text', id: 'new-name', placeholder: 'vd. bao-cao-quy-3-2024' });
  const tpl = h('select', { id: 'new-template' },
    data.templates.map(t => h('option', { value: t.name, text: t.title })),
    data.reports.map(r => h('option', { value: r.name, text: 'Chép từ báo cáo ' + r.name })));
  const msg = h('p', { class: 'msg', id: 'new-msg', role: 'alert' });
  const form = h('form', { class: 'card', id: 'create', onsubmit: async (ev) => {
    ev.preventDefault();
    const res = await api('POST', '/api/bao-cao?ten=' + encodeURIComponent(name.value.trim()) + '&mau=' + encodeURIComponent(tpl.value));
    if (res.error) { msg.replaceChildren(h('span', { class: 'error', text: res.error.message })); return; }
    location.hash = '#/r/' + encodeURIComponent(res.name);
  } },
    h('h2', { text: 'Tạo báo cáo mới' }),
    h('div', { class: 'row' },
      h('div', {}, h('label', { for: 'new-name' }, 'Tên thư mục ', h('span', { class: 'hint', text: '(chữ không dấu, số, dấu gạch)' })), name),
      h('div', {}, h('label', { for: 'new-template', text: 'Từ mẫu' }), tpl),
      h('button', { class: 'primary', type: 'submit' }, 'Tạo')), msg);
  app.append(h('h1', { text: 'Các báo cáo' }), h('p', { class: 'meta', text: 'Thư mục làm việc: ' + data.workspace }),
    h('div', { class: 'card' }, list), form);
}

// ---------------------------------------------------------------- one report
let cur = null; // {name, data, tab, table}

function fieldEntry(data, path) { return data.fields.find(f => f.path === path); }

// The form field a report.yaml line belongs to (the narrowest entry).
function fieldAt(data, line) {
  let best = null;
  for (const f of data.fields)
    if (line >= f.line && line <= f.last && (!best || f.last - f.line <= best.last - best.line)) best = f;
  return best;
}

function allDiags(data) {
  const out = [];
  const p = data.preview;
  if (data.save_error) out.push(Object.assign({ severity: 'error' }, data.save_error));
  if (data.yaml_error) out.push(Object.assign({ severity: 'error', file: 'report.yaml' }, data.yaml_error));
  if (p.error) out.push(Object.assign({ severity: 'error' }, p.error));
  for (const d of p.diags) out.push(d);
  return out;
}

function sevName(s) { return s === 'error' ? 'lỗi' : s === 'warning' ? 'cảnh báo' : 'ghi chú'; }

async function showReport(name, tab) {
  const data = await api('GET', '/api/bao-cao/' + encodeURIComponent(name));
  if (data.error) { app.replaceChildren(h('p', { class: 'err-box', text: data.error.message }), h('a', { href: '#/' }, 'Về danh sách')); return; }
  cur = { name, data, tab: tab || (cur && cur.name === name ? cur.tab : 'the-thuc'), table: cur && cur.name === name ? cur.table : null };
  render();
}

function render() {
  const { name, data } = cur;
  document.title = 'baocao — ' + name;
  const left = h('section', { class: 'card', 'aria-label': 'Soạn báo cáo' });
  const tabs = [['the-thuc', 'Thể thức'], ['noi-dung', 'Nội dung'], ['so-lieu', 'Số liệu'], ['canh-bao', 'Cảnh báo (' + allDiags(data).filter(d => d.severity !== 'note').length + ')'], ['ban-in', 'Dự thảo, ký số']];
  left.append(h('div', { class: 'tabs', role: 'tablist' }, tabs.map(([id, label]) =>
    h('button', { type: 'button', role: 'tab', id: 'tab-' + id, 'aria-selected': String(cur.tab === id), onclick: () => { cur.tab = id; render(); } }, label))));
  if (cur.tab === 'the-thuc') left.append(formPanel());
  else if (cur.tab === 'noi-dung') left.append(narrativePanel());
  else if (cur.tab === 'so-lieu') left.append(dataPanel());
  else if (cur.tab === 'ban-in') left.append(printPanel());
  else left.append(diagPanel());
  app.replaceChildren(h('h1', {}, h('a', { href: '#/' }, 'Các báo cáo'), ' › ', name), h('div', { class: 'report' }, left, previewPanel()));
  if (cur.focus) { const f = cur.focus; cur.focus = null; f(); }
}

function msgsFor(list) {
  return list.map(d => h('div', { class: d.severity }, sevName(d.severity) + ': ' + d.message));
}

function formPanel() {
  const { data } = cur;
  const byField = {};
  for (const d of allDiags(data)) {
    if (base(d.file) !== 'report.yaml' || !d.line) continue;
    const f = fieldAt(data, d.line);
    if (f) (byField[f.path] = byField[f.path] || []).push(d);
  }
  const form = h('form', { id: 'form', onsubmit: async (ev) => {
    ev.preventDefault();
    const body = new URLSearchParams();
    for (const [path, , list] of FIELDS) body.append(path, form.elements[path].value);
    await save('/truong', body.toString(), 'application/x-www-form-urlencoded', ev.submitter || form.querySelector('button'));
  } });
  for (const [path, label, list, hint] of FIELDS) {
    const e = fieldEntry(data, path);
    const value = e ? (list ? (e.items || (e.value ? [e.value] : [])).join('\n') : (e.value || '')) : '';
    const id = 'f-' + path.replace('.', '-');
    const input = list || path === 'trich-yeu'
      ? h('textarea', { id, name: path, rows: list ? 3 : 2, 'aria-describedby': 'm-' + id })
      : h('input', { type: 'text', id, name: path, 'aria-describedby': 'm-' + id });
    input.value = value;
    const ms = byField[path] || [];
    form.append(h('div', { class: 'field' + (ms.some(d => d.severity !== 'note') ? ' bad' : ''), 'data-path': path },
      h('label', { for: id }, label, ' ', h('span', { class: 'hint', text: '(' + hint + ')' })), input,
      h('div', { class: 'msg', id: 'm-' + id, role: ms.length ? 'alert' : null }, msgsFor(ms))));
  }
  const other = Object.entries(byField).filter(([p]) => !FIELDS.some(f => f[0] === p)).flatMap(([, l]) => l);
  if (other.length) form.append(h('div', { class: 'msg' }, h('strong', { text: 'Các dòng khác của report.yaml: ' }), msgsFor(other.map(d => Object.assign({}, d, { message: 'dòng ' + d.line + ': ' + d.message })))));
  form.append(h('p', {}, h('button', { class: 'primary', type: 'submit', id: 'save-form' }, 'Lưu và in lại')));
  return form;
}

function highlight(text, markLine) {
  const frag = document.createDocumentFragment();
  const re = /\{\{[^]*?\}\}/g;
  let last = 0, m;
  const lines = text.split('\n');
  let lineStart = -1, lineEnd = -1;
  if (markLine) { lineStart = lines.slice(0, markLine - 1).join('\n').length + (markLine > 1 ? 1 : 0); lineEnd = lineStart + (lines[markLine - 1] || '').length; }
  const push = (s, cls) => { if (!s) return; frag.append(cls ? h('mark', { class: cls }, s) : s); };
  const plain = (a, b) => {
    if (lineStart >= 0 && b > lineStart && a < lineEnd) {
      push(text.slice(a, Math.max(a, lineStart))); push(text.slice(Math.max(a, lineStart), Math.min(b, lineEnd)), 'line'); push(text.slice(Math.min(b, lineEnd), b));
    } else push(text.slice(a, b));
  };
  while ((m = re.exec(text))) { if (m.index > 0 && text[m.index - 1] === '\\') continue; plain(last, m.index); push(m[0], 'ph'); last = m.index + m[0].length; }
  plain(last, text.length);
  frag.append('\n');
  return frag;
}

function narrativePanel() {
  const { data } = cur;
  if (!data.narrative) return h('p', { text: 'report.yaml chưa có trường noi-dung (tệp Markdown phần nội dung).' });
  const ta = h('textarea', { id: 'narrative', spellcheck: 'false', 'aria-label': 'Nội dung (Markdown) – tệp ' + data.narrative.file });
  ta.value = cur.draftText !== undefined ? cur.draftText : data.narrative.text;
  const back = h('div', { class: 'backdrop', 'aria-hidden': 'true' });
  const refresh = () => { back.replaceChildren(highlight(ta.value, cur.markLine)); back.scrollTop = ta.scrollTop; };
  ta.addEventListener('input', () => { cur.draftText = ta.value; refresh(); });
  ta.addEventListener('scroll', () => { back.scrollTop = ta.scrollTop; });
  const doSave = (btn) => save('/tep?ten=' + encodeURIComponent(data.narrative.file), ta.value, 'text/plain; charset=utf-8', btn).then(() => { cur.draftText = undefined; });
  ta.addEventListener('keydown', (ev) => { if ((ev.ctrlKey || ev.metaKey) && ev.key === 's') { ev.preventDefault(); doSave(null); } });
  refresh();
  const msgs = allDiags(data).filter(d => base(d.file) === base(data.narrative.file));
  const figs = h('div', { class: 'figs', 'aria-label': 'Số liệu dùng được' }, data.figures.map(f =>
    h('button', { type: 'button', title: 'Chèn {{ ' + f + ' }}', onclick: () => {
      const s = ta.selectionStart, ins = '{{ ' + f + ' }}';
      ta.setRangeText(ins, s, ta.selectionEnd, 'end'); ta.focus(); cur.draftText = ta.value; refresh();
    } }, f)));
  const panel = h('div', {},
    h('p', { class: 'hint' }, 'Tệp ', h('code', { text: data.narrative.file }), '. # mục I, II…; ## mục 1, 2…; {{ tên }} lấy số liệu (tô vàng). Ctrl+S để lưu.'),
    h('div', { class: 'editor' }, back, ta),
    h('p', {}, h('button', { class: 'primary', type: 'button', id: 'save-narrative', onclick: (ev) => doSave(ev.currentTarget) }, 'Lưu và in lại')),
    h('h2', { text: 'Số liệu dùng được (bấm để chèn)' }), figs,
    msgs.length ? h('ul', { class: 'diags' }, msgs.map(d => h('li', {}, h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); gotoLine(d.line); } }, 'dòng ' + d.line), ' ', h('span', { class: 'diag ' + d.severity, text: sevName(d.severity) + ': ' + d.message })))) : null);
  return panel;
}

function gotoLine(line) {
  cur.tab = 'noi-dung'; cur.markLine = line;
  cur.focus = () => {
    const ta = document.getElementById('narrative'); if (!ta) return;
    const lines = ta.value.split('\n'); let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    ta.focus(); ta.setSelectionRange(pos, pos + (lines[line - 1] || '').length);
    ta.scrollTop = Math.max(0, (line - 5) * 21); document.querySelector('.editor .backdrop').scrollTop = ta.scrollTop;
  };
  render();
}

function gotoField(path) {
  cur.tab = 'the-thuc';
  cur.focus = () => { const e = document.getElementById('f-' + path.replace('.', '-')); if (e) { e.focus(); e.scrollIntoView({ block: 'center' }); } };
  render();
}

// A data file as the table checks name it: "x.csv", or "x.xlsx#Sheet!A3:F10"
// (a workbook's sheet and range); the file on disk is the part before '#'.
const dataFile = t => (t || '').split('#')[0];
// The cell a diagnostic names in a table view of file (sheet: the sheet
// shown): a CSV's line:column, or a workbook's "x.xlsx: Sheet!C4".
function cellOf(d, file, sheet) {
  const m = /^(.*?): (.+)!([A-Z]+)(\d+)$/.exec(d.file || '');
  if (m) {
    if (base(m[1]) !== base(dataFile(file)) || (sheet && m[2] !== sheet)) return null;
    let c = 0; for (const ch of m[3]) c = c * 26 + ch.charCodeAt(0) - 64;
    return m[4] + ':' + c;
  }
  return base(d.file) === base(dataFile(file)) && d.line ? d.line + ':' + d.column : null;
}
const isData = n => /\.(csv|xlsx)$/i.test(dataFile(n));

function dataPanel() {
  const { name, data } = cur;
  const csvs = new Set();
  for (const t of data.tables) if (t.csv) csvs.add(t.csv);
  for (const f of data.files) if (isData(f.name) && ![...csvs].some(c => dataFile(c) === f.name)) csvs.add(f.name);
  const panel = h('div', {});
  const list = h('ul', { class: 'list' });
  for (const t of data.tables) list.append(h('li', {}, h('div', { class: 't' }, h('strong', { text: t.spec }), t.csv ? ' – số liệu ' : '', t.csv ? h('code', { text: t.csv }) : '')));
  panel.append(h('h2', { text: 'Phụ lục và tệp số liệu' }), list);
  const file = h('input', { type: 'file', id: 'upload-file', accept: '.csv,.xlsx,.yaml,.md,.txt' });
  const targets = [...new Set([...csvs].map(dataFile))];
  const target = h('select', { id: 'upload-target' }, targets.map(c => h('option', { value: c, text: 'thay ' + c })), h('option', { value: '', text: 'giữ tên tệp gửi lên' }));
  panel.append(h('form', { id: 'upload', onsubmit: async (ev) => {
    ev.preventDefault();
    const f = file.files[0]; if (!f) { toast('Hãy chọn một tệp.'); return; }
    const ten = target.value || f.name;
    if (isData(ten)) cur.table = [...csvs].find(c => dataFile(c) === ten) || ten;
    await save('/tep?ten=' + encodeURIComponent(ten), f, 'application/octet-stream', ev.submitter);
  } },
    h('div', { class: 'row' },
      h('div', {}, h('label', { for: 'upload-file', text: 'Gửi tệp CSV/XLSX' }), file),
      h('div', {}, h('label', { for: 'upload-target', text: 'Lưu thành' }), target),
      h('button', { class: 'primary', type: 'submit' }, 'Gửi và kiểm tra'))));
  const views = h('div', { class: 'row' }, [...csvs].map(c => h('button', { type: 'button', onclick: () => { cur.table = c; render(); } }, 'Xem ' + c)));
  panel.append(h('h2', { text: 'Xem bảng' }), views);
  const box = h('div', { id: 'table-view' });
  panel.append(box);
  const show = cur.table || [...csvs][0];
  if (show) loadTable(show, box);
  panel.append(fileEditor());
  return panel;
}

// Any text file of the report folder (indicator YAML, table specs, the
// "kỳ sau" carry-over list...), edited as text and saved whole.
function fileEditor() {
  const { name, data } = cur;
  const texts = data.files.map(f => f.name).filter(n => /\.(yaml|csv|md|txt)$/.test(n) && n !== 'report.yaml');
  const pick = h('select', { id: 'file-pick' }, texts.map(n => h('option', { value: n, text: n })));
  const ta = h('textarea', { id: 'file-text', rows: 12, spellcheck: 'false', 'aria-label': 'Nội dung tệp' });
  const load = async () => {
    if (!pick.value) return;
    const r = await fetch('/api/bao-cao/' + encodeURIComponent(name) + '/tep?ten=' + encodeURIComponent(pick.value));
    ta.value = r.ok ? await r.text() : '';
  };
  pick.addEventListener('change', load);
  if (cur.file) pick.value = cur.file;
  load();
  const msgs = allDiags(data).filter(d => base(d.file) === base(pick.value || ''));
  return h('div', {}, h('h2', { text: 'Sửa tệp khác của báo cáo' }),
    h('p', { class: 'hint', text: 'Số liệu chỉ số (so-lieu), mô tả bảng phụ lục, danh sách việc cần làm của báo cáo kỳ sau…' }),
    h('div', { class: 'row' }, h('div', {}, h('label', { for: 'file-pick', text: 'Tệp' }), pick)), ta,
    h('p', {}, h('button', { type: 'button', class: 'primary', id: 'save-file', onclick: (ev) => { cur.file = pick.value; save('/tep?ten=' + encodeURIComponent(pick.value), ta.value, 'text/plain; charset=utf-8', ev.currentTarget); } }, 'Lưu tệp và in lại')),
    msgs.length ? h('ul', { class: 'diags' }, msgs.map(d => h('li', { class: 'diag ' + d.severity, text: where(d) + ' ' + sevName(d.severity) + ': ' + d.message }))) : null);
}

async function loadTable(file, box) {
  const t = await api('GET', '/api/bao-cao/' + encodeURIComponent(cur.name) + '/bang?ten=' + encodeURIComponent(file));
  const diags = allDiags(cur.data).filter(d => cellOf(d, file, t.sheet) || base(d.file) === base(dataFile(file)));
  const at = {};
  for (const d of diags) { const k = cellOf(d, file, t.sheet); if (k) (at[k] = at[k] || []).push(d); }
  const rows = (t.rows || []).map(r => h('tr', {}, h('th', { text: String(r.length ? r[0].l : '') }), r.map(c => {
    const ds = at[c.l + ':' + c.c];
    const worst = ds && (ds.some(d => d.severity !== 'note') ? '' : ' note');
    return h('td', { class: ds ? 'flag' + worst : null, title: ds ? ds.map(d => d.message).join('\n') : null, 'data-cell': c.l + ':' + c.c, tabindex: ds ? '0' : null }, c.t);
  })));
  const xl = /\.xlsx$/i.test(dataFile(file));
  const place = d => { const m = /: (.+![A-Z]+\d+)$/.exec(d.file || ''); return m ? 'ô ' + m[1] + ': ' : d.line ? 'dòng ' + d.line + ', cột ' + d.column + ': ' : ''; };
  box.replaceChildren(...[
    h('h2', {}, 'Bảng ', h('code', { text: dataFile(file) }), t.sheet ? ' – trang «' + t.sheet + '»' : ''),
    xl ? h('p', { class: 'hint', text: 'Số đầu mỗi hàng là số hàng trong Excel.' }) : null,
    t.error ? h('p', { class: 'err-box', text: (t.error.line ? 'dòng ' + t.error.line + ': ' : '') + (t.error.message || '') }) : null,
    h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', id: 'grid' }, h('tbody', {}, rows))),
    diags.length ? h('ul', { class: 'diags', id: 'table-diags' }, diags.map(d => h('li', { class: 'diag ' + d.severity }, place(d) + sevName(d.severity) + ': ' + d.message, fixForm(d, file, t.sheet, t.rows)))) : null].filter(Boolean));
  if (cur.cell) { const el = box.querySelector('[data-cell="' + cur.cell + '"]'); cur.cell = null; if (el) { el.focus(); el.scrollIntoView({ block: 'center' }); } }
}

// A flagged cell of a CSV mended on the page: its new value replaces just
// that cell of the file (POST o?ten=&dong=&cot=), then the report is checked
// and printed again.
function fixForm(d, file, sheet, rows) {
  if (d.severity !== 'warning' || /\.xlsx$/i.test(dataFile(file))) return null;
  const k = cellOf(d, file, sheet); if (!k) return null;
  const [l, c] = k.split(':');
  const cell = (rows || []).flat().find(x => x.l === Number(l) && x.c === Number(c));
  const id = 'fix-' + l + '-' + c;
  const input = h('input', { type: 'text', id, value: cell ? cell.t : '', size: 8, 'aria-label': 'Giá trị mới của ô dòng ' + l + ', cột ' + c });
  return h('form', { class: 'fix', onsubmit: (ev) => {
    ev.preventDefault();
    cur.table = file; cur.cell = k;
    save('/o?ten=' + encodeURIComponent(dataFile(file)) + '&dong=' + l + '&cot=' + c, input.value, 'text/plain; charset=utf-8', ev.submitter);
  } }, h('label', { for: id, class: 'inline', text: 'Sửa thành' }), input, h('button', { type: 'submit', id: id + '-luu' }, 'Sửa ô'));
}

function diagPanel() {
  const { data } = cur;
  const list = allDiags(data);
  if (!list.length) return h('p', { text: 'Không có cảnh báo nào.' });
  return h('ul', { class: 'diags', id: 'diags' }, list.map(d => {
    const b = base(d.file);
    let go = null;
    if (b === 'report.yaml' && d.line) { const f = fieldAt(data, d.line); if (f) go = () => gotoField(f.path); }
    else if (data.narrative && b === base(data.narrative.file) && d.line) go = () => gotoLine(d.line);
    else if (isData(b.split(': ')[0])) {
      const f = b.split(': ')[0];
      const t = (data.tables.find(x => x.csv && base(dataFile(x.csv)) === f) || {}).csv || f;
      const cell = cellOf(d, t, null);
      go = () => { cur.tab = 'so-lieu'; cur.table = t; cur.cell = cell; render(); };
    }
    else if (/\.(yaml|md|txt)$/.test(b)) go = () => { cur.tab = 'so-lieu'; cur.file = d.file; render(); };
    return h('li', {}, go ? h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); go(); } }, where(d) || b) : h('span', { text: where(d) }),
      ' ', h('span', { class: 'diag ' + d.severity, text: sevName(d.severity) + ': ' + d.message }));
  }));
}

// A PDF fetched (GET, or POST of a form) and saved by the browser; an error
// answer is shown, not saved.
async function downloadPdf(url, opt, fileName, btn, out) {
  if (btn) btn.disabled = true;
  out.replaceChildren(h('span', { class: 'status', text: 'Đang in…' }));
  let r;
  try { r = await fetch(url, opt); } catch (e) { r = null; }
  if (btn) btn.disabled = false;
  if (!r || !r.ok) {
    let msg = 'không tải được (' + (r ? r.status : 'mất kết nối') + ')';
    try { const j = await r.json(); if (j.error) msg = (j.error.file ? where(j.error) + ': ' : '') + j.error.message; } catch (e) { /* not JSON */ }
    out.replaceChildren(h('span', { class: 'status bad', role: 'alert', text: 'Lỗi: ' + msg }));
    return;
  }
  const blob = await r.blob();
  const a = h('a', { href: URL.createObjectURL(blob), download: fileName });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  out.replaceChildren(h('span', { class: 'status', text: 'Đã tải ' + fileName + ' (' + Math.round(blob.size / 1024) + ' KB).' }));
}

// The draft (the CLI's --lan, --so-voi, --gop-y, --hinh-chim; what is left
// empty comes from du-thao.yaml, as for the CLI) and the signed copy.
function printPanel() {
  const { name, data } = cur;
  const d = data.draft || { previous: [], notes: [] };
  const enc = encodeURIComponent(name);
  const fromFile = (v, none) => v ? 'theo du-thao.yaml: ' + v : none;
  const lan = h('input', { type: 'number', id: 'd-lan', min: 1, max: 99, placeholder: fromFile(d.lan, '1') });
  const soVoi = h('select', { id: 'd-so-voi' }, h('option', { value: '', text: fromFile(d['so-voi'], 'không so sánh') }),
    d.previous.map(p => h('option', { value: p, text: p.startsWith('../') ? 'báo cáo ' + p.slice(3) : p })));
  const gopY = h('select', { id: 'd-gop-y' }, h('option', { value: '', text: fromFile(d['gop-y'], 'không gắn góp ý') }),
    d.notes.map(n => h('option', { value: n, text: n })));
  const hc = h('input', { type: 'checkbox', id: 'd-hinh-chim' });
  const dOut = h('div', { id: 'draft-status', 'aria-live': 'polite' });
  const draftForm = h('form', { id: 'draft-form', onsubmit: (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    if (lan.value) q.set('lan', lan.value);
    if (soVoi.value) q.set('so-voi', soVoi.value);
    if (gopY.value) q.set('gop-y', gopY.value);
    if (hc.checked) q.set('hinh-chim', '1');
    downloadPdf('/api/bao-cao/' + enc + '/du-thao.pdf?' + q, {}, name + '-du-thao' + (lan.value || d.lan ? '-lan-' + (lan.value || d.lan) : '') + '.pdf', ev.submitter, dOut);
  } },
    h('h2', { text: 'Bản dự thảo lấy ý kiến' }),
    h('p', { class: 'hint' }, d.file ? 'Ô để trống lấy theo tệp du-thao.yaml của báo cáo (như lệnh baocao render --du-thao).' : 'Báo cáo chưa có tệp du-thao.yaml; ô để trống lấy mặc định.'),
    h('div', { class: 'row' },
      h('div', {}, h('label', { for: 'd-lan', text: 'Dự thảo lần' }), lan),
      h('div', {}, h('label', { for: 'd-so-voi', text: 'So với bản trước' }), soVoi),
      h('div', {}, h('label', { for: 'd-gop-y', text: 'Gắn ý kiến góp ý' }), gopY)),
    h('label', { class: 'check', for: 'd-hinh-chim' }, hc, ' Chữ DỰ THẢO mờ chạy chéo mỗi trang' + (d['hinh-chim'] ? ' (du-thao.yaml: ' + d['hinh-chim'] + ')' : '')),
    h('p', {}, h('button', { class: 'primary', type: 'submit', id: 'dl-draft-opts' }, 'Tải bản dự thảo')), dOut);
  const p12 = h('input', { type: 'file', id: 'k-p12', accept: '.p12,.pfx' });
  const pw = h('input', { type: 'password', id: 'k-mat-khau', autocomplete: 'off' });
  const kOut = h('div', { id: 'sign-status', 'aria-live': 'polite' });
  const signForm = h('form', { id: 'sign-form', onsubmit: (ev) => {
    ev.preventDefault();
    if (!p12.files[0]) { kOut.replaceChildren(h('span', { class: 'status bad', role: 'alert', text: 'Hãy chọn tệp khóa .p12 của người ký.' })); return; }
    const fd = new FormData();
    fd.append('p12', p12.files[0], p12.files[0].name);
    fd.append('mat-khau', pw.value);
    pw.value = '';
    downloadPdf('/api/bao-cao/' + enc + '/ban-ky.pdf', { method: 'POST', headers: { 'X-CSRF-Token': CSRF }, body: fd }, name + '-da-ky.pdf', ev.submitter, kOut);
  } },
    h('h2', { text: 'Bản chính thức có chữ ký số' }),
    h('p', { class: 'hint', text: 'Người có thẩm quyền ký (như baocao render --ky --p12). Tệp khóa và mật khẩu chỉ dùng cho lần ký này: không lưu trên máy, không ghi vào tệp hay nhật ký nào.' }),
    h('div', { class: 'row' },
      h('div', {}, h('label', { for: 'k-p12', text: 'Tệp khóa (.p12, .pfx)' }), p12),
      h('div', {}, h('label', { for: 'k-mat-khau', text: 'Mật khẩu của tệp khóa' }), pw)),
    h('p', {}, h('button', { class: 'primary', type: 'submit', id: 'dl-signed' }, 'Ký số và tải bản đã ký')), kOut);
  let tokenForm = null;
  if (data.sign_token) {
    const pin = h('input', { type: 'password', id: 'k-ma-pin', autocomplete: 'off', inputmode: 'numeric' });
    const tOut = h('div', { id: 'token-status', 'aria-live': 'polite' });
    tokenForm = h('form', { id: 'token-form', onsubmit: (ev) => {
      ev.preventDefault();
      const fd = new FormData();
      fd.append('ma-pin', pin.value);
      pin.value = '';
      downloadPdf('/api/bao-cao/' + enc + '/ban-ky.pdf', { method: 'POST', headers: { 'X-CSRF-Token': CSRF }, body: fd }, name + '-da-ky.pdf', ev.submitter, tOut);
    } },
      h('h2', { text: 'Ký bằng thẻ ký số (USB token)' }),
      h('p', { class: 'hint' }, 'Khóa trên thẻ ', h('code', { text: data.sign_token }), ' (tệp cấu hình --ky-the). Mã PIN chỉ dùng cho lần ký này.'),
      h('div', { class: 'row' }, h('div', {}, h('label', { for: 'k-ma-pin', text: 'Mã PIN của thẻ' }), pin)),
      h('p', {}, h('button', { class: 'primary', type: 'submit', id: 'dl-signed-token' }, 'Ký bằng thẻ và tải bản đã ký')), tOut);
  }
  return h('div', {}, draftForm, h('hr'), signForm, tokenForm ? h('hr') : null, tokenForm);
}

function previewPanel() {
  const { name, data } = cur;
  const p = data.preview;
  const enc = encodeURIComponent(name);
  let status;
  if (!p.attempts) status = h('span', { class: 'status', text: 'Chưa in thử.' });
  else if (!p.ok) status = h('span', { class: 'status bad', id: 'status', text: 'Lần in gần nhất bị lỗi: ' + (p.error ? where(p.error) + ' ' + p.error.message : '') + (p.gen ? ' — đang hiện bản in tốt trước đó.' : '') });
  else status = h('span', { class: 'status', id: 'status', text: 'Đã in lại: ' + p.pages + ' trang, ' + p.ms + ' ms' + (p.status === 3 ? ' — số liệu phụ lục có chỗ không khớp (xem Cảnh báo).' : '.') });
  const pages = h('div', { class: 'pages', id: 'pages' });
  for (let i = 1; i <= p.pages; i++) pages.append(h('img', { src: '/api/bao-cao/' + enc + '/trang/' + i + '.png?g=' + p.gen, alt: 'Trang ' + i, loading: 'lazy' }));
  return h('section', { class: 'card preview', 'aria-label': 'Xem trước' },
    h('div', { class: 'bar' },
      h('a', { class: 'btn primary', id: 'dl-pdf', href: '/api/bao-cao/' + enc + '/ban-in.pdf', download: name + '.pdf' }, 'Tải PDF chính thức'),
      h('a', { class: 'btn', id: 'dl-draft', href: '/api/bao-cao/' + enc + '/du-thao.pdf', download: name + '-du-thao.pdf' }, 'Tải bản dự thảo'),
      h('button', { type: 'button', onclick: (ev) => save('/in-lai', undefined, undefined, ev.currentTarget) }, 'In lại')),
    h('p', {}, status), pages);
}

async function save(path, body, type, btn) {
  if (btn) btn.disabled = true;
  const res = await api('POST', '/api/bao-cao/' + encodeURIComponent(cur.name) + path, body, type);
  if (btn) btn.disabled = false;
  if (res.error) { toast(res.error.message); return; }
  cur.data = res;
  const p = res.preview;
  toast(p.ok ? 'Đã lưu và in lại (' + p.ms + ' ms).' : 'Đã lưu; bản in có lỗi (xem thông báo).');
  render();
}

function route() {
  const m = location.hash.match(/^#\/r\/([^/]+)$/);
  if (m) showReport(decodeURIComponent(m[1]));
  else { cur = null; showList(); }
}
window.addEventListener('hashchange', route);
route();
