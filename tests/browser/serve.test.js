// Browser test of "baocao serve" (tests/test_browser.py starts the server and
// checks the downloaded PDF). Drives headless Debian chromium with
// puppeteer-core: create a report, fill the form, see a field's error, upload a
// CSV with a wrong subtotal and see the cell flagged, edit the narrative and see
// the preview change, download the official PDF. Screenshots of every step go to
// OUT. Prints one JSON line of results; exits 1 on a failed step.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const URL = process.env.SERVE_URL;
const OUT = process.env.OUT;
const BAD_CSV = process.env.BAD_CSV;
const CHROME = process.env.CHROME || '/usr/bin/chromium';
const results = {};
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
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    const shot = async (name) => page.screenshot({ path: path.join(OUT, name + '.png') });
    const waitStatus = async (gen) => page.waitForFunction(g => {
      const img = document.querySelector('#pages img');
      return img && img.src.endsWith('g=' + g) && img.complete && img.naturalWidth > 0;
    }, { timeout: 60000 }, gen);

    // 1. the list; create a report from the template
    await page.goto(URL, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#create');
    await shot('01-danh-sach');
    await page.type('#new-name', 'bao-cao-quy-3-2024');
    await Promise.all([page.waitForFunction(() => location.hash === '#/r/bao-cao-quy-3-2024'),
                       page.click('#create button[type=submit]')]);
    await page.waitForSelector('#form');
    await waitStatus(1);
    await shot('02-bao-cao-moi');
    results.created = true;

    // 2. the form: number, signer, trích yếu; saved and re-rendered
    const setField = async (id, value) => {
      await page.$eval(id, (e) => { e.value = ''; });
      await page.type(id, value);
    };
    await setField('#f-so', '130');
    await setField('#f-ky-ho-ten', 'Lê Văn Cường');
    await setField('#f-trich-yeu', 'Kết quả cải cách hành chính quý III năm 2024 của Sở Nội vụ');
    await page.click('#save-form');
    await waitStatus(2);
    await shot('03-the-thuc');
    // a wrong date: the CLI's message next to the field, the last good preview kept
    await setField('#f-ngay', '2024-02-30');
    await page.click('#save-form');
    await page.waitForFunction(() => document.querySelector('#m-f-ngay').textContent.includes('lỗi'),
                               { timeout: 60000 });
    results.ngay_message = await page.$eval('#m-f-ngay', e => e.textContent);
    results.kept_pages = await page.$$eval('#pages img', l => l.length);
    await page.$eval('#m-f-ngay', e => e.scrollIntoView({ block: 'center' }));
    await shot('04-loi-ngay');
    await setField('#f-ngay', '2024-09-25');
    await page.click('#save-form');
    await waitStatus(3);

    // 3. data: upload a CSV with a wrong subtotal; the cell is flagged
    await page.click('#tab-so-lieu');
    await page.waitForSelector('#upload-file');
    const input = await page.$('#upload-file');
    await input.uploadFile(BAD_CSV);
    await page.select('#upload-target', 'phu-luc-1.csv');
    await page.click('#upload button[type=submit]');
    await page.waitForSelector('#grid td.flag', { timeout: 60000 });
    results.flagged = await page.$$eval('#grid td.flag', l => l.map(td => ({ text: td.textContent, title: td.title, cell: td.dataset.cell })));
    await page.$eval('#grid td.flag', e => e.scrollIntoView({ block: 'center' }));
    await shot('05-o-sai-tong');
    // the warnings tab links to the cell
    await page.click('#tab-canh-bao');
    await page.waitForSelector('#diags');
    results.diags = await page.$$eval('#diags li', l => l.map(li => li.textContent));
    await shot('06-canh-bao');

    // 4. the narrative: add a paragraph, save, the preview changes
    await page.click('#tab-noi-dung');
    await page.waitForSelector('#narrative');
    const src = await page.$eval('#pages img', e => e.src);
    const before = await page.evaluate(async (u) => { const r = await fetch(u); return Array.from(new Uint8Array(await r.arrayBuffer())).length; }, src);
    const gen = Number(src.split('g=')[1]);
    await page.$eval('#narrative', (ta) => {
      const at = ta.value.indexOf('\n\n') + 2;
      ta.focus(); ta.setSelectionRange(at, at);
    });
    await page.keyboard.type('Đoạn văn mới viết trên trang web của baocao, có số liệu {{ van_ban.ban_hanh | so }} văn bản.\n\n');
    await shot('07-noi-dung-dang-sua');
    const t0 = Date.now();
    await page.click('#save-narrative');
    await waitStatus(gen + 1);
    results.save_to_images_ms = Date.now() - t0;
    const src2 = await page.$eval('#pages img', e => e.src);
    const after = await page.evaluate(async (u) => { const r = await fetch(u); return Array.from(new Uint8Array(await r.arrayBuffer())).length; }, src2);
    results.preview_changed = src2 !== src;
    results.png_sizes = [before, after];
    results.placeholder_marks = await page.$$eval('.editor .backdrop mark', l => l.length);
    await shot('08-xem-truoc-moi');

    // 5. download the official PDF through its link
    const cdp = await page.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: OUT, eventsEnabled: true });
    const done = new Promise((resolve) => cdp.on('Browser.downloadProgress', e => { if (e.state === 'completed') resolve(e); }));
    await page.click('#dl-pdf');
    await Promise.race([done, new Promise(r => setTimeout(r, 60000))]);
    results.pdf = path.join(OUT, 'bao-cao-quy-3-2024.pdf');

    // 6. keyboard and phone width
    await page.goto(URL, { waitUntil: 'networkidle0' });
    await page.keyboard.press('Tab');
    results.first_tab = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(URL + '#/r/bao-cao-quy-3-2024', { waitUntil: 'networkidle0' });
    await page.waitForSelector('#form');
    results.phone_overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot('09-dien-thoai');
    results.errors = errors;
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(results));
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); console.log(JSON.stringify(results)); process.exit(1); });
