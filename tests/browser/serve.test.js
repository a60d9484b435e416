// Browser test of "baocao serve" (tests/test_browser.py starts the server and
// checks the downloaded PDFs). Drives headless Debian chromium with
// puppeteer-core through the whole making of a sở's Q3 report from the page
// alone: create it from the template, fill the ND30 fields (and see a wrong
// date's message), upload the data with a wrong subtotal, see the cells
// flagged and mend the cell on the page, edit the narrative and see the
// preview change, download a draft (lần 2, hình chìm), the signed copy (a
// .p12 and its password) and the official PDF; then the keyboard alone and a
// phone-width window. Screenshots of every step go to OUT. Prints one JSON
// line of results; exits 1 on a failed step.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const URL = process.env.SERVE_URL;
const OUT = process.env.OUT;
const BAD_CSV = process.env.BAD_CSV;
const P12 = process.env.P12;
const P12_PASS = process.env.P12_PASS || '';
const CHROME = process.env.CHROME || '/usr/bin/chromium';
const NAME = 'bao-cao-quy-3-2024';
const results = { steps: [] };
let failed = 0;
function check(cond, what) { if (!cond) { failed++; console.error('FAIL: ' + what); } }

(async () => {
  const browser = await puppeteer.launch({ executablePath: CHROME, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 768 });
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    let expect422 = false; // the wrong password's answer, logged by chromium as a failed load
    page.on('console', m => { if (m.type() === 'error' && !(expect422 && /status of 422/.test(m.text()))) errors.push(m.text()); });
    const shot = async (name) => { results.steps.push(name); await page.screenshot({ path: path.join(OUT, name + '.png') }); };
    const gen = async () => page.$eval('#pages img', e => Number(e.src.split('g=')[1])).catch(() => 0);
    const waitGen = async (g) => page.waitForFunction(g => {
      const img = document.querySelector('#pages img');
      return img && Number(img.src.split('g=')[1]) >= g && img.complete && img.naturalWidth > 0;
    }, { timeout: 120000 }, g);
    const overflow = async () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // the report's page loaded afresh (its first tab)
    const openReport = async () => {
      await page.goto(URL + '#/r/' + NAME);
      await page.reload({ waitUntil: 'networkidle0' });
      await page.waitForSelector('#form');
    };

    // downloads: every one saved to OUT under the name the page gives it
    const cdp = await page.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: OUT, eventsEnabled: true });
    const names = {};
    cdp.on('Browser.downloadWillBegin', e => { names[e.guid] = e.suggestedFilename; });
    const download = async (selector) => {
      const done = new Promise((resolve) => {
        const on = (e) => { if (e.state === 'completed' || e.state === 'canceled') { cdp.off('Browser.downloadProgress', on); resolve(e); } };
        cdp.on('Browser.downloadProgress', on);
      });
      await page.click(selector);
      const e = await Promise.race([done, new Promise(r => setTimeout(() => r({ state: 'timeout' }), 120000))]);
      return e.state === 'completed' ? path.join(OUT, names[e.guid]) : 'download ' + e.state;
    };

    // 1. the list; a new report from the template
    await page.goto(URL, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#create');
    await shot('01-danh-sach');
    await page.type('#new-name', NAME);
    await Promise.all([page.waitForFunction(n => location.hash === '#/r/' + n, {}, NAME),
                       page.click('#create button[type=submit]')]);
    await page.waitForSelector('#form');
    await waitGen(1);
    await shot('02-bao-cao-moi');
    results.created = true;

    // 2. the ND30 fields of a sở's quarterly report; saved and printed again
    const setField = async (id, value) => {
      await page.$eval(id, (e) => { e.value = ''; });
      await page.type(id, value);
    };
    const fields = [
      ['#f-co-quan-chu-quan', 'UBND TỈNH KHÁNH HÒA'], ['#f-co-quan', 'SỞ TƯ PHÁP'],
      ['#f-so', '130'], ['#f-ky-hieu', 'BC-STP'], ['#f-dia-danh', 'Khánh Hòa'],
      ['#f-trich-yeu', 'Kết quả thực hiện công tác cải cách hành chính quý III năm 2024'],
      ['#f-kinh-gui', 'Ủy ban nhân dân tỉnh Khánh Hòa'],
      ['#f-noi-nhan', 'UBND tỉnh (b/c);\nSở Nội vụ;\nLưu: VT, VP.'],
      ['#f-ky-tham-quyen', 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC'], ['#f-ky-ho-ten', 'Lê Văn Cường']];
    for (const [id, v] of fields) await setField(id, v);
    let g = await gen();
    await page.click('#save-form');
    await waitGen(g + 1);
    await shot('03-the-thuc');
    // a wrong date: the CLI's message next to the field, the last good preview kept
    await setField('#f-ngay', '2024-02-30');
    await page.click('#save-form');
    await page.waitForFunction(() => document.querySelector('#m-f-ngay').textContent.includes('lỗi'),
                               { timeout: 120000 });
    results.ngay_message = await page.$eval('#m-f-ngay', e => e.textContent);
    results.kept_pages = await page.$$eval('#pages img', l => l.length);
    await page.$eval('#m-f-ngay', e => e.scrollIntoView({ block: 'center' }));
    await shot('04-loi-ngay');
    g = await gen();
    await setField('#f-ngay', '2024-09-25');
    await page.click('#save-form');
    await waitGen(g + 1);

    // 3. the data with a wrong subtotal: the cells flagged, then mended on the page
    await page.click('#tab-so-lieu');
    await page.waitForSelector('#upload-file');
    const input = await page.$('#upload-file');
    await input.uploadFile(BAD_CSV);
    await page.select('#upload-target', 'phu-luc-1.csv');
    await page.click('#upload button[type=submit]');
    await page.waitForSelector('#grid td.flag', { timeout: 120000 });
    results.flagged = await page.$$eval('#grid td.flag', l => l.map(td => ({ text: td.textContent, title: td.title, cell: td.dataset.cell })));
    await page.$eval('#grid td.flag', e => e.scrollIntoView({ block: 'center' }));
    await shot('05-o-sai-tong');
    await page.click('#tab-canh-bao');
    await page.waitForSelector('#diags');
    results.diags = await page.$$eval('#diags li', l => l.map(li => li.textContent));
    await shot('06-canh-bao');
    // the warning's link leads to the cell; the cell is mended there
    await page.$$eval('#diags li a', l => { const a = l.find(x => /phu-luc-1\.csv:2:/.test(x.textContent)); if (a) a.click(); });
    await page.waitForSelector('#table-diags form.fix', { timeout: 60000 });
    results.focused_cell = await page.evaluate(() => document.activeElement && document.activeElement.dataset.cell);
    const fixId = await page.$eval('#table-diags form.fix input[id^="fix-2-"]', e => e.id);
    await setField('#' + fixId, '700');
    await shot('07-sua-o');
    g = await gen();
    await page.click('#' + fixId + '-luu');
    await waitGen(g + 1);
    await page.waitForSelector('#grid');
    results.flagged_after_fix = await page.$$eval('#grid td.flag', l => l.length);
    results.warnings_tab = await page.$eval('#tab-canh-bao', e => e.textContent);
    await shot('08-da-sua-o');

    // 4. the narrative: a paragraph with a figure; saved, the preview changes
    await page.click('#tab-noi-dung');
    await page.waitForSelector('#narrative');
    const src = await page.$eval('#pages img', e => e.src);
    const size = async (u) => page.evaluate(async (u) => (await (await fetch(u)).arrayBuffer()).byteLength, u);
    const before = await size(src);
    g = await gen();
    await page.$eval('#narrative', (ta) => {
      const at = ta.value.indexOf('\n\n') + 2;
      ta.focus(); ta.setSelectionRange(at, at);
    });
    await page.keyboard.type('Đoạn văn mới viết trên trang web của baocao, có số liệu {{ van_ban.ban_hanh | so }} văn bản.\n\n');
    results.placeholder_marks = await page.$$eval('.editor .backdrop mark', l => l.length);
    await shot('09-noi-dung-dang-sua');
    const t0 = Date.now();
    await page.click('#save-narrative');
    await waitGen(g + 1);
    results.save_to_images_ms = Date.now() - t0;
    const src2 = await page.$eval('#pages img', e => e.src);
    results.preview_changed = src2 !== src;
    results.png_sizes = [before, await size(src2)];
    await shot('10-xem-truoc-moi');

    // 5. a draft (lần 2, hình chìm), the signed copy, the official PDF
    await page.click('#tab-ban-in');
    await page.waitForSelector('#draft-form');
    await page.type('#d-lan', '2');
    await page.click('#d-hinh-chim');
    results.draft = await download('#dl-draft-opts');
    await page.waitForFunction(() => /Đã tải/.test(document.querySelector('#draft-status').textContent), { timeout: 60000 });
    await shot('11-du-thao');
    if (P12) {
      const k = await page.$('#k-p12');
      await k.uploadFile(P12);
      await page.type('#k-mat-khau', 'sai mật khẩu');
      expect422 = true;
      await page.click('#dl-signed');
      await page.waitForFunction(() => /Lỗi/.test(document.querySelector('#sign-status').textContent), { timeout: 120000 });
      await new Promise(r => setTimeout(r, 200));
      expect422 = false;
      results.sign_wrong = await page.$eval('#sign-status', e => e.textContent);
      await page.type('#k-mat-khau', P12_PASS);
      results.signed = await download('#dl-signed');
      results.password_cleared = await page.$eval('#k-mat-khau', e => e.value === '');
      await shot('12-ky-so');
    }
    results.pdf = await download('#dl-pdf');
    results.overflow_1366 = await overflow();

    // 6. the keyboard alone: Tab reaches the tabs, the form's button, the downloads
    await openReport();
    const reached = new Set();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => { const e = document.activeElement; return e && (e.id || e.textContent.trim().slice(0, 30)); });
      reached.add(id);
    }
    results.tab_reached = [...reached];
    // Enter on a focused tab opens it
    await page.focus('#tab-ban-in');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#draft-form');
    results.tab_by_keyboard = true;
    results.focus_outline = await page.evaluate(() => {
      const b = document.querySelector('#d-lan'); b.focus();
      return getComputedStyle(b).outlineStyle;
    });
    await shot('13-ban-phim');
    await page.goto(URL, { waitUntil: 'networkidle0' });
    await page.keyboard.press('Tab');
    results.first_tab = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());

    // 7. a phone-width window: every tab without sideways scrolling
    await page.setViewport({ width: 390, height: 844 });
    results.phone_overflow = {};
    for (const [tab, n] of [['the-thuc', '14'], ['so-lieu', '15'], ['ban-in', '16']]) {
      await openReport();
      await page.click('#tab-' + tab);
      await new Promise(r => setTimeout(r, 300));
      results.phone_overflow[tab] = await overflow();
      await shot(n + '-dien-thoai-' + tab);
    }
    results.errors = errors;
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(results));
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); console.log(JSON.stringify(results)); process.exit(1); });
