// The collector console in real Chromium (run by run_console_tests.sh, which starts the real
// collector and says where everything is in the environment). Each check reads like the rule it
// proves; a failing check is printed and the run goes on, exit status 1 at the end.
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');
const zlib = require('zlib');
const os = require('os');

const base = process.env.COLLECTOR_URL;
const work = process.env.WORK;
const artefacts = process.env.ARTEFACTS;
const storeArgs = [process.env.STORE_FLAG, process.env.STORE_VALUE];
const kioskData = path.join(work, 'kiosk');
const event = 'gala-2026';
let failures = 0;
let shot = 0;

function check(condition, what, detail) {
  if (condition) {
    console.log('ok   - ' + what);
  } else {
    failures++;
    console.log('FAIL - ' + what + (detail === undefined ? '' : ': ' + detail));
  }
}

async function screenshot(page, name) {
  const file = path.join(artefacts, String(++shot).padStart(2, '0') + '-' + name + '.png');
  await page.screenshot({ path: file, fullPage: true });
}

async function signIn(page, name, password) {
  await page.goto(base + '/login');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

// A GET with exactly this path and these headers (no browser normalising the URL, no cookies).
function rawRequest(urlPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = http.request({ host: url.hostname, port: url.port, path: urlPath, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// RFC 4180 with a UTF-8 BOM, as the export writes it.
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function collectorJsonl() {
  const out = execFileSync(process.env.COLLECTOR, ['export', '--format', 'jsonl', ...storeArgs]);
  return out.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

// A zip made here (deflated entries, as any zip tool writes them), so the test needs no zip tool.
const crcTable = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();
function crc32(buffer) {
  let c = -1;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function makeZip(files) {
  const parts = [], central = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name), packed = zlib.deflateRawSync(file.data), crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); entry.writeUInt16LE(20, 4); entry.writeUInt16LE(20, 6); entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16); entry.writeUInt32LE(packed.length, 20); entry.writeUInt32LE(file.data.length, 24);
    entry.writeUInt16LE(name.length, 28); entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(central), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

function syncKiosk() {
  return spawnSync(process.env.KIOSK, ['sync', '--once', '--data', kioskData], { encoding: 'utf8' });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const admin = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await admin.newPage();
    const dialogs = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });

    // ---- signing in ----
    const planted = 'a'.repeat(64);
    await admin.addCookies([{ name: 'standpoint_session', value: planted, url: base }]);
    await page.goto(base + '/events');
    check(page.url() === base + '/login', 'a planted session id is not a session: /events sends to sign-in', page.url());
    await screenshot(page, 'sign-in');
    await page.keyboard.press('Tab');
    const order = [];
    for (let i = 0; i < 4; i++) {
      order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.textContent.trim()));
      await page.keyboard.press('Tab');
    }
    check(JSON.stringify(order) === JSON.stringify(['Skip to main content', 'name', 'password', 'Sign in']),
      'focus order on the sign-in page: skip link, user name, password, button', JSON.stringify(order));

    await signIn(page, 'admin', 'wrong password');
    check(await page.getByText('The user name or password is wrong.').isVisible(), 'a wrong password is refused with one clear message');
    await screenshot(page, 'sign-in-wrong-password');

    await signIn(page, 'admin', 'admin password 1');
    check(page.url() === base + '/events', 'the right password signs in and opens the events page', page.url());
    const cookies = await admin.cookies(base);
    const session = cookies.find((c) => c.name === 'standpoint_session');
    check(session && session.value !== planted && /^[0-9a-f]{64}$/.test(session.value),
      'signing in makes a new session id (no session fixation)', session && session.value);
    check(session && session.httpOnly && session.sameSite === 'Strict' && session.path === '/',
      'the session cookie is HttpOnly, SameSite=Strict, Path=/', JSON.stringify(session));
    check(session && !session.secure, 'over plain http (no TLS in front) the cookie is not marked Secure');
    const behindTls = await rawRequest('/login', { 'X-Forwarded-Proto': 'https' });
    check(/;\s*Secure/.test(String(behindTls.headers['set-cookie'])), 'behind TLS (X-Forwarded-Proto: https) cookies are Secure',
      behindTls.headers['set-cookie']);
    await screenshot(page, 'events-empty');

    // ---- kiosks: add one, sync to it with the real kiosk ----
    await page.goto(base + '/kiosks');
    await page.getByLabel('Kiosk name').fill('gala-kiosk-1');
    await page.getByRole('button', { name: 'Add kiosk' }).click();
    await page.waitForSelector('#new-token');
    const token = (await page.textContent('#new-token')).trim();
    const setupText = await page.textContent('#new-sync-json');
    check(/^[0-9a-f]{64}$/.test(token), 'adding a kiosk shows its token once', token);
    await screenshot(page, 'kiosk-added-token-shown');
    await page.goto(base + '/kiosks');
    check(!(await page.content()).includes(token), 'the token is not shown again');

    const fixture = execFileSync(process.env.FIXTURE, [kioskData, '0', '30', event], { encoding: 'utf8' });
    const deviceId = fixture.trim();
    // The set-up file the console showed with the token, as the kiosk's sync.json.
    const setupFile = JSON.parse(setupText);
    check(setupFile.endpoint === base && /^[0-9a-f]{64}$/.test(setupFile.collector_signing_key),
      'adding a kiosk offers its set-up file: this collector and its survey-signing key', setupText);
    fs.writeFileSync(path.join(kioskData, 'sync.json'), setupText);
    fs.writeFileSync(path.join(kioskData, 'sync-token'), token + '\n', { mode: 0o600 });

    await page.goto(base + '/events');
    await page.waitForFunction(() => document.getElementById('live-status').textContent.includes('every second'));
    const synced = syncKiosk();
    const syncedAt = Date.now();
    check(synced.status === 0, 'standpoint sync --once with the console-made token delivers everything', synced.stdout + synced.stderr);
    let liveMs = -1;
    try {
      await page.waitForFunction(() => document.querySelector('[data-live="total"]').textContent === '30', null, { timeout: 2000 });
      liveMs = Date.now() - syncedAt;
    } catch (e) { /* checked below */ }
    check(liveMs >= 0 && liveMs <= 2000, 'the live count shows the 30 new responses within 2 s, without reloading', 'took ' + liveMs + ' ms');
    console.log('     live count followed the batch after ' + liveMs + ' ms');
    await page.reload();
    check((await page.textContent('table')).includes('gala-kiosk-1'), 'the events page lists the event per kiosk by name');
    await screenshot(page, 'events-live');

    // ---- results: free text shown as text ----
    await page.goto(base + '/results?event=' + event);
    const text = await page.textContent('main');
    check(text.includes('<script>window.__xss = 1</script>'), 'a <script> answer is shown as text');
    check(text.includes('"><img src=x onerror="window.__xss = 2">'), 'an "><img onerror> answer is shown as text');
    check(await page.evaluate(() => window.__xss === undefined), 'no answer ran as script');
    check(await page.locator('main img').count() === 0, 'no answer became an element');
    check(!text.includes('CF10'), 'personal data (the postcode) is not shown');
    check(dialogs.length === 0, 'no dialog was opened by an answer', dialogs.join());
    check(text.includes('30 answered') || text.includes('complete'), 'the results show the counts');
    await screenshot(page, 'results');
    await page.goto(base + '/results?event=' + event + '&kiosk=' + deviceId + '&from=2000-01-01&to=2999-12-31');
    check((await page.textContent('main')).includes('Read the answers'), 'filters by kiosk and date keep the matching responses');
    const printable = await page.goto(base + '/summary?event=' + event);
    check(printable.status() === 200 && (await page.locator('svg').count()) > 0, 'the printable summary opens with its charts');
    check(/script-src/.test(printable.headers()['content-security-policy']) === false &&
      /default-src 'none'/.test(printable.headers()['content-security-policy']), 'the summary page may run no script at all');
    await screenshot(page, 'printable-summary');

    // ---- downloads: the USB export's bytes ----
    await page.goto(base + '/results?event=' + event + '&kiosk=' + deviceId);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Responses (CSV)').click()]);
    const csvPath = path.join(artefacts, download.suggestedFilename());
    await download.saveAs(csvPath);
    check(/^standpoint-gala-2026-[0-9-_]+-[0-9a-f]{8}_responses\.csv$/.test(download.suggestedFilename()),
      'the CSV is named like the USB export folder', download.suggestedFilename());
    const exportDir = path.join(work, 'usb');
    fs.mkdirSync(exportDir);
    execFileSync(process.env.KIOSK, ['export', '--to', exportDir, '--data', kioskData, '--event', event]);
    const folder = path.join(exportDir, fs.readdirSync(exportDir)[0]);
    const csv = fs.readFileSync(csvPath);
    check(csv.equals(fs.readFileSync(path.join(folder, 'responses.csv'))),
      'the console CSV is byte-equal to the kiosk USB export\'s responses.csv');
    const jsonl = await page.request.get(base + '/download?format=jsonl&event=' + event + '&kiosk=' + deviceId);
    check(Buffer.from(await jsonl.body()).equals(fs.readFileSync(path.join(folder, 'responses.jsonl'))),
      'the console JSONL is byte-equal to the kiosk USB export\'s responses.jsonl');
    const xlsx = await page.request.get(base + '/download?format=xlsx&event=' + event);
    const xlsxBytes = Buffer.from(await xlsx.body());
    check(xlsx.status() === 200 && xlsxBytes.slice(0, 2).toString() === 'PK', 'the XLSX downloads (a zip)');
    fs.writeFileSync(path.join(artefacts, 'download.xlsx'), xlsxBytes);
    const summary = await page.request.get(base + '/download?format=summary&event=' + event);
    check(summary.status() === 200 && /attachment/.test(summary.headers()['content-disposition']), 'the summary downloads');

    // Cell by cell against the collector's own store.
    const rows = parseCsv(csv.toString('utf8'));
    const header = rows[0];
    const stored = new Map(collectorJsonl().map((r) => [r.id, r]));
    check(rows.length - 1 === stored.size && stored.size === 30, 'the CSV has one row per stored response', (rows.length - 1) + ' vs ' + stored.size);
    let mismatches = [];
    for (const row of rows.slice(1)) {
      const cell = (name) => row[header.indexOf(name)];
      const r = stored.get(cell('response_id'));
      if (!r) { mismatches.push('unknown ' + cell('response_id')); continue; }
      const a = r.answers;
      const expect = {
        event_id: r.event, device_id: r.device_id, status: r.status, language: r.language,
        better: a.better, recommend: String(a.recommend), visit: String(a.visit),
        postcode: undefined,
      };
      for (const [name, want] of Object.entries(expect)) {
        if (want === undefined) { if (header.includes(name)) mismatches.push('personal column ' + name); continue; }
        if (cell(name) !== want) mismatches.push(r.id + ' ' + name + ': ' + JSON.stringify(cell(name)) + ' != ' + JSON.stringify(want));
      }
    }
    check(mismatches.length === 0, 'every CSV cell checked equals the collector store (id, event, device, status, language, answers)', mismatches.slice(0, 5).join('; '));

    // ---- import a USB export through the console: same checks and dedupe as the command ----
    // With personal data: the collector holds these responses in full from sync.
    const fullDir = path.join(work, 'usb-full');
    fs.mkdirSync(fullDir);
    // Personal data leaves the kiosk only sealed to the collector's key: the kiosk gets the key
    // file, and the console's import opens the sealed file with the collector's key pair.
    const collectorKey = execFileSync(process.env.COLLECTOR, ['public-key', ...storeArgs]).toString().trim();
    fs.writeFileSync(path.join(kioskData, 'standpoint-collector.pub'), collectorKey);
    execFileSync(process.env.KIOSK, ['export', '--to', fullDir, '--data', kioskData, '--event', event, '--include-personal']);
    const fullFolder = path.join(fullDir, fs.readdirSync(fullDir)[0]);
    await page.goto(base + '/imports');
    await page.getByLabel('The export folder\'s files').setInputFiles(fs.readdirSync(fullFolder).map((f) => path.join(fullFolder, f)));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForSelector('.report, .error-summary');
    const imported = await page.textContent('main');
    check(imported.includes('created 0, duplicate 30, conflict 0, rejected 0'),
      'uploading the kiosk\'s export folder counts every synced response once (duplicate 30)', JSON.stringify(imported.slice(0, 600)));
    await screenshot(page, 'import-done');
    const importCsrf = await page.getAttribute('input[name=csrf]', 'value');
    const evilName = await page.request.post(base + '/imports', { multipart: {
      csrf: importCsrf, files: { name: '../../evil.json', mimeType: 'application/json', buffer: Buffer.from('{}') } } });
    check(evilName.status() === 400 && (await evilName.text()).includes('is not a file of a Standpoint export folder'),
      'an uploaded file named ../../evil.json is refused by name', evilName.status());
    const changed = fs.readFileSync(path.join(folder, 'responses.jsonl')).toString().replace('#1"', '#X"');
    const tampered = await page.request.post(base + '/imports', { multipart: {
      csrf: importCsrf,
      files: { name: 'responses.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(changed) } } });
    check(tampered.status() === 400, 'an upload without its manifest, or with a changed file, is refused', tampered.status());
    const noCsrfImport = await page.request.post(base + '/imports', { multipart: {
      files: { name: 'manifest.json', mimeType: 'application/json', buffer: fs.readFileSync(path.join(folder, 'manifest.json')) } } });
    check(noCsrfImport.status() === 403, 'an upload without the CSRF token is refused (403)', noCsrfImport.status());

    // ---- the export folder as one zip: limits checked before inflating, then the same import ----
    const folderZip = path.join(work, 'export.zip');
    fs.writeFileSync(folderZip, makeZip(fs.readdirSync(fullFolder).map((f) =>
      ({ name: path.basename(fullFolder) + '/' + f, data: fs.readFileSync(path.join(fullFolder, f)) }))));
    await page.goto(base + '/imports');
    await page.getByLabel('The export folder\'s files').setInputFiles(folderZip);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForSelector('.report, .error-summary');
    check((await page.textContent('main')).includes('created 0, duplicate 30, conflict 0, rejected 0'),
      'uploading the export folder as one zip imports it with the same checks and dedupe (duplicate 30)',
      (await page.textContent('main')).slice(0, 600));
    await screenshot(page, 'import-zip-done');
    const zipCsrf = await page.getAttribute('input[name=csrf]', 'value');
    const postZip = (buffer) => page.request.post(base + '/imports', { multipart: {
      csrf: zipCsrf, files: { name: 'export.zip', mimeType: 'application/zip', buffer } } });
    const manifestBytes = fs.readFileSync(path.join(fullFolder, 'manifest.json'));
    for (const [what, files, words] of [
      ['an entry named ../evil.json', [{ name: 'manifest.json', data: manifestBytes }, { name: '../evil.json', data: Buffer.from('{}') }], 'is not a file of a Standpoint export folder'],
      ['an entry two folders deep', [{ name: 'a/b/manifest.json', data: manifestBytes }], 'is not a file of a Standpoint export folder'],
      ['an absolute entry name', [{ name: '/etc/manifest.json', data: manifestBytes }], 'is not a file of a Standpoint export folder'],
      ['a zip bomb (50 MB of zeros in about 50 KB)', [{ name: 'responses.jsonl', data: Buffer.alloc(50 * 1024 * 1024) }], 'a zip bomb'],
      ['an entry that inflates past 64 MB', [{ name: 'responses.csv', data: Buffer.alloc(70 * 1024 * 1024, 'a') }], 'more than 64 MB'],
      ['the same name twice', [{ name: 'manifest.json', data: manifestBytes }, { name: 'x/manifest.json', data: manifestBytes }], 'twice'],
    ]) {
      const refused = await postZip(makeZip(files));
      const text = await refused.text();
      check(refused.status() === 400 && text.includes(words), 'a zip with ' + what + ' is refused before anything is imported', refused.status() + ' ' + text.slice(text.indexOf('problem'), text.indexOf('problem') + 300));
    }
    check(!fs.existsSync(path.join(os.tmpdir(), 'evil.json')), 'no evil.json was written beside the scratch folders');
    check((await (await page.request.get(base + '/api/counts')).json()).total === 30, 'the refused zips stored nothing');

    // ---- path traversal in downloads ----
    const traversal = await page.request.get(base + '/download?format=../../../../etc/passwd&event=' + event);
    check(traversal.status() === 400 && !(await traversal.text()).includes('root:'), 'a download format with ../ is refused (400)');
    const evilEvent = await page.request.get(base + '/download?format=csv&event=' + encodeURIComponent('../../../etc/passwd'));
    check(evilEvent.status() === 200 && /^attachment; filename="[A-Za-z0-9._-]+"$/.test(evilEvent.headers()['content-disposition']),
      'an event named ../../etc/passwd gives a FAT-safe file name', evilEvent.headers()['content-disposition']);
    for (const p of ['/../../../../etc/passwd', '/download/../../../../etc/passwd', '/console.css/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await rawRequest(p);
      check(res.status >= 300 && !res.body.includes('root:'), 'raw path ' + p + ' reads no file', res.status);
    }

    // ---- SQL injection through every filter ----
    const injections = ["' OR '1'='1", "gala-2026' --", "x'; DROP TABLE responses; --", "\" OR 1=1 --", "') UNION SELECT name, password_hash FROM console_users --"];
    for (const value of injections) {
      const q = encodeURIComponent(value);
      const byEvent = await page.request.get(base + '/results?event=' + q);
      check(byEvent.status() === 200 && (await byEvent.text()).includes('No responses match'), 'event filter ' + value + ' matches nothing');
      const byKiosk = await page.request.get(base + '/results?kiosk=' + q);
      check(byKiosk.status() === 400, 'kiosk filter ' + value + ' is refused');
      const byDate = await page.request.get(base + '/results?from=' + q);
      check(byDate.status() === 400, 'date filter ' + value + ' is refused');
      const csvInjected = await page.request.get(base + '/download?format=csv&event=' + q);
      check(parseCsv(await csvInjected.text()).length === 1, 'download with event ' + value + ' has the header row only');
    }
    const after = await page.request.get(base + '/api/counts');
    check((await after.json()).total === 30, 'after the injections the store still holds the 30 responses');

    // ---- CSRF ----
    const noToken = await page.request.post(base + '/kiosks/add', { form: { name: 'csrf-kiosk' } });
    check(noToken.status() === 403, 'a form posted without its CSRF token is refused (403)', noToken.status());
    const badToken = await page.request.post(base + '/kiosks/add', { form: { name: 'csrf-kiosk', csrf: 'f'.repeat(64) } });
    check(badToken.status() === 403, 'a form posted with a wrong CSRF token is refused (403)');
    await page.goto(base + '/kiosks');
    check(!(await page.textContent('main')).includes('csrf-kiosk'), 'no kiosk was added by the refused forms');
    const loginNoToken = await page.request.post(base + '/login', { form: { name: 'admin', password: 'admin password 1' } });
    check(loginNoToken.status() === 403, 'a sign-in posted without the form\'s token is refused (403)');

    // ---- surveys out to kiosks: upload, check, assign; the real kiosk fetches, checks the
    // collector's signature, stages, and switches at its next attract screen ----
    await page.goto(base + '/surveys');
    await screenshot(page, 'surveys-empty');
    const brokenSurvey = path.join(work, 'broken-survey.json');
    fs.writeFileSync(brokenSurvey, '{"format": "standpoint-survey/1", "id": "weekend", "version": 1, "languages": ["en"]}');
    await page.setInputFiles('#survey', brokenSurvey);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForLoadState('load');
    check((await page.textContent('main')).includes('This survey cannot be sent to kiosks') &&
      (await page.textContent('main')).includes('broken-survey.json'),
      'a broken survey is refused with its problems in words, naming the file');
    await screenshot(page, 'surveys-refused');
    const weekend = (version, title) => JSON.stringify({
      format: 'standpoint-survey/1', id: 'weekend-gala', version, languages: ['en'],
      title: { en: title }, intro: { en: 'Tell us about the gala' }, thanks: { en: 'Thank you' },
      questions: [{ id: 'day', type: 'smiley', required: true, prompt: { en: 'How was the gala?' } }],
    });
    const goodSurvey = path.join(work, 'weekend-gala.json');
    fs.writeFileSync(goodSurvey, weekend(2, 'Weekend gala <img src=x onerror="window.__xss = 3">'));
    await page.setInputFiles('#survey', goodSurvey);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForLoadState('load');
    check((await page.textContent('main')).includes('Checked and kept Weekend gala <img src=x onerror="window.__xss = 3">'),
      'a good survey is checked and kept; its title (with markup) shown as text');
    check(await page.evaluate(() => window.__xss === undefined), 'markup in a survey title never runs');
    await page.selectOption('#target', 'kiosk:' + deviceId);
    await page.getByLabel('"You said, we did" for this event (optional)').fill('You said: more shade. We did: 12 gazebos.');
    await page.getByLabel('Follow-up page (optional, https://...)').fill('https://example.org/gala');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.waitForLoadState('load');
    check((await page.textContent('main')).includes('Assigned.'), 'the survey is assigned to the kiosk');
    await screenshot(page, 'surveys-assigned');
    const noCsrf = await page.request.post(base + '/surveys/assign', { form: { target: 'event:' + event, sha256: 'x' } });
    check(noCsrf.status() === 403, 'assigning a survey without the CSRF token is refused (403)', noCsrf.status());

    const fetched = syncKiosk();
    check(fetched.status === 0 && /staged the survey [0-9a-f]{12} from the collector \(for this kiosk\)/.test(fetched.stdout),
      'standpoint sync --once fetches the assigned survey, checks its signature and stages it', fetched.stdout + fetched.stderr);
    const inbox = path.join(kioskData, 'collector-surveys');
    const stagedSha = fs.existsSync(path.join(inbox, 'staged')) ? fs.readFileSync(path.join(inbox, 'staged'), 'utf8').trim() : '';
    const stagedFile = path.join(inbox, stagedSha + '.json');
    const stagedJson = fs.existsSync(stagedFile) ? JSON.parse(fs.readFileSync(stagedFile, 'utf8')) : {};
    check(stagedJson.you_said_we_did && stagedJson.you_said_we_did.en === 'You said: more shade. We did: 12 gazebos.' &&
      stagedJson.more_info_url === 'https://example.org/gala',
      'the staged survey carries the "you said, we did" text and the follow-up page', JSON.stringify(stagedJson).slice(0, 300));
    const again = syncKiosk();
    check(/survey from the collector: nothing new/.test(again.stdout), 'a survey already staged is not staged twice', again.stdout);

    // A kiosk set up with another collector's key takes nothing (a portal or proxy cannot sign).
    const setup = JSON.parse(fs.readFileSync(path.join(kioskData, 'sync.json'), 'utf8'));
    fs.writeFileSync(path.join(kioskData, 'sync.json'), JSON.stringify({ ...setup, collector_signing_key: 'ab'.repeat(32) }));
    fs.rmSync(inbox, { recursive: true, force: true });
    const forged = syncKiosk();
    check(/not signed by the collector this kiosk was set up with/.test(forged.stdout) && !fs.existsSync(path.join(inbox, 'staged')),
      'a survey whose signature does not verify with the kiosk\'s collector key is refused, nothing staged', forged.stdout);
    fs.writeFileSync(path.join(kioskData, 'sync.json'), JSON.stringify({ ...setup, idle_poll_ms: 500 }));
    check(/staged the survey/.test(syncKiosk().stdout), 'with the right key it is staged again');

    // The heartbeat on the kiosks page.
    await page.goto(base + '/kiosks');
    const kioskRow = await page.textContent('tbody tr:first-child');
    check(/version 0\.1\.0/.test(kioskRow) && /0 pending on the kiosk/.test(kioskRow) && /clock ok \(-?\d+ s\)/.test(kioskRow) && /20\d\d-\d\d-\d\d \d\d:\d\d:\d\d/.test(kioskRow),
      'the kiosks page shows the heartbeat: last seen, pending, version, clock', kioskRow);
    await screenshot(page, 'kiosks-heartbeat');
    // A kiosk whose clock is 10 minutes ahead: the kiosks page warns. Malformed heartbeats are 400.
    const survey = (headers) => rawRequest('/v1/kiosks/' + deviceId + '/survey', { Authorization: 'Bearer ' + token, ...headers });
    const beat = { 'X-Standpoint-Pending': '7', 'X-Standpoint-App-Version': '0.1.0',
      'X-Standpoint-Clock': new Date(Date.now() + 10 * 60 * 1000).toISOString() };
    const skewed = await survey(beat);
    check(skewed.status === 200 && /^[0-9a-f]{128}$/.test(skewed.headers['x-standpoint-signature']) &&
      JSON.parse(skewed.body).device_id === deviceId, 'the survey answer is signed and names its kiosk', skewed.status);
    for (const [name, value] of [['X-Standpoint-Pending', 'lots'], ['X-Standpoint-Clock', 'now'], ['X-Standpoint-Survey', 'x']]) {
      const bad = await survey({ ...beat, [name]: value });
      check(bad.status === 400 && bad.body.includes(name), 'a heartbeat with ' + name + ': ' + value + ' is refused (400)', bad.status + ' ' + bad.body);
    }
    const stranger = await rawRequest('/v1/kiosks/' + deviceId + '/survey', { Authorization: 'Bearer ' + 'f'.repeat(64), ...beat });
    check(stranger.status === 401, 'a survey request with an unknown token is refused (401)', stranger.status);
    await page.goto(base + '/kiosks');
    const warned = await page.textContent('tbody tr:first-child');
    check(/Clock ahead by (599|600) s: set the kiosk's date and time/.test(warned) && /7 pending on the kiosk/.test(warned),
      'a kiosk clock 10 minutes ahead is shown with a warning', warned);
    await screenshot(page, 'kiosks-clock-warning');

    // The running kiosk under Xvfb: switches at its attract screen, then fetches a second
    // assignment on its own sync thread and switches to that too.
    execFileSync(process.env.KIOSK, ['set-pin', '--data', kioskData], { input: '4821\n4821\n' });
    const display = ':' + (200 + (process.pid % 300));
    const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    let kioskLog = '';
    let kiosk = null;
    const waitFor = async (what, test, ms) => {
      const until = Date.now() + ms;
      while (Date.now() < until) { if (test()) return true; await new Promise((r) => setTimeout(r, 100)); }
      console.log('     timed out waiting for ' + what);
      return false;
    };
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const targets = path.join(work, 'targets');
      kiosk = spawn(process.env.KIOSK, ['--data', kioskData], {
        env: { ...process.env, DISPLAY: display, STANDPOINT_TARGETS_FILE: targets }, stdio: ['ignore', 'ignore', 'pipe'] });
      kiosk.stderr.on('data', (d) => { kioskLog += d.toString(); });
      const firstPath = stagedFile.replace(/\/[^/]*collector-surveys/, '/collector-surveys');
      check(await waitFor('the first switch', () => kioskLog.includes('switched to the survey') && kioskLog.includes(stagedSha), 30000),
        'the running kiosk switches to the staged survey at its attract screen', kioskLog.slice(-800));
      const screenIs = (name) => fs.existsSync(targets) && fs.readFileSync(targets, 'utf8').split('\n').includes('# screen ' + name);
      check(await waitFor('the attract screen', () => screenIs('attract'), 10000), 'after the switch the kiosk shows the attract screen');
      spawnSync('import', ['-display', display, '-window', 'root', path.join(artefacts, 'kiosk-switched-attract.png')]);

      await page.goto(base + '/surveys');
      fs.writeFileSync(goodSurvey, weekend(3, 'Weekend gala, Sunday'));
      await page.setInputFiles('#survey', goodSurvey);
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.waitForLoadState('load');
      await page.selectOption('#sha256', { label: 'Weekend gala, Sunday (weekend-gala v3)' });
      await page.selectOption('#target', 'kiosk:' + deviceId);
      await page.getByRole('button', { name: 'Assign' }).click();
      await page.waitForLoadState('load');
      check(await waitFor('the second switch', () => (kioskLog.match(/switched to the survey/g) || []).length >= 2, 30000),
        'the running kiosk fetches a new assignment on its own sync and switches at the attract screen', kioskLog.slice(-800));
      await waitFor('the attract screen', () => screenIs('attract'), 10000);
      spawnSync('import', ['-display', display, '-window', 'root', path.join(artefacts, 'kiosk-switched-again.png')]);
      await waitFor('the kiosk state', () => /collector-surveys/.test(fs.readFileSync(path.join(kioskData, 'kiosk-state.json'), 'utf8')), 5000);
      const state = JSON.parse(fs.readFileSync(path.join(kioskData, 'kiosk-state.json'), 'utf8'));
      check(JSON.stringify(state).includes('collector-surveys/'), 'the kiosk remembers the survey it switched to', JSON.stringify(state));
      await new Promise((r) => setTimeout(r, 1500));  // a heartbeat with the new survey
      await page.goto(base + '/surveys');
      check((await page.locator('table').last().textContent()).includes('gala-kiosk-1'),
        'the surveys page says which kiosk runs the assignment (from its heartbeat)', await page.textContent('main'));
      await screenshot(page, 'surveys-running');
    } finally {
      if (kiosk) { kiosk.kill('SIGTERM'); await new Promise((r) => kiosk.exitCode !== null ? r() : kiosk.on('exit', r)); }
      xvfb.kill('SIGTERM');
      fs.writeFileSync(path.join(artefacts, 'kiosk-stderr.log'), kioskLog);
    }

    // ---- rename and revoke ----
    await page.goto(base + '/kiosks');
    const renameField = page.getByLabel('New name for gala-kiosk-1');
    await renameField.fill('gala-kiosk-main');
    await renameField.press('Enter');
    await page.waitForSelector('.notice, .error-summary');
    check((await page.textContent('main')).includes('Renamed gala-kiosk-1 to gala-kiosk-main'), 'a kiosk is renamed');
    check((await page.textContent('main')).includes('30 responses'), 'the kiosk list shows the last batch');
    await screenshot(page, 'kiosks');
    await page.getByRole('button', { name: 'Revoke gala-kiosk-main' }).click();
    await page.waitForSelector('h1:has-text("Revoke gala-kiosk-main?")');
    await screenshot(page, 'kiosk-revoke-confirm');
    execFileSync(process.env.FIXTURE, [kioskData, '30', '1', event]);
    const stillSyncs = syncKiosk();
    check(stillSyncs.status === 0 && (await (await page.request.get(base + '/api/counts')).json()).total === 31,
      'asking to revoke changes nothing until it is confirmed (the kiosk still syncs)', stillSyncs.stdout + stillSyncs.stderr);
    await page.getByRole('button', { name: 'Yes, revoke gala-kiosk-main' }).click();
    await page.waitForSelector('text=Revoked gala-kiosk-main');
    check((await page.textContent('main')).includes('Revoked gala-kiosk-main'), 'a kiosk is revoked');
    await screenshot(page, 'kiosk-revoked');
    execFileSync(process.env.FIXTURE, [kioskData, '31', '1', event]);
    const refused = syncKiosk();
    check(refused.status !== 0 && /401/.test(refused.stdout + refused.stderr), 'the revoked kiosk\'s next sync is refused at once (401)', refused.stdout + refused.stderr);
    check((await (await page.request.get(base + '/api/counts')).json()).total === 31, 'nothing from the revoked kiosk was stored');

    // ---- the audit log ----
    await page.goto(base + '/audit');
    const audit = await page.textContent('main');
    for (const action of ['signed in', 'sign-in refused', 'added kiosk', 'renamed kiosk', 'revoked kiosk', 'downloaded', 'imported', 'survey refused', 'uploaded survey', 'assigned survey']) {
      check(audit.includes(action), 'the audit log records "' + action + '"');
    }
    await screenshot(page, 'audit-log');

    // ---- 200 % zoom: the same pages in half the width reflow without sideways scrolling ----
    const zoomed = await browser.newContext({ viewport: { width: 640, height: 900 } });
    await zoomed.addCookies(await admin.cookies(base));
    const zoomPage = await zoomed.newPage();
    for (const p of ['/events', '/results?event=' + event, '/kiosks', '/surveys', '/imports', '/audit']) {
      await zoomPage.goto(base + p);
      const wide = await zoomPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(wide <= 0, 'at 200 % zoom ' + p + ' needs no sideways scrolling', wide + ' px too wide');
      await screenshot(zoomPage, 'zoom-200-' + p.split('?')[0].slice(1));
    }
    await zoomed.close();

    // ---- sign out: the old session id is dead ----
    const oldSession = (await admin.cookies(base)).find((c) => c.name === 'standpoint_session').value;
    await page.goto(base + '/events');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(base + '/login');
    check(true, 'signing out returns to the sign-in page');
    const replay = await rawRequest('/events', { Cookie: 'standpoint_session=' + oldSession });
    check(replay.status === 303, 'the signed-out session id no longer opens pages', replay.status);

    // ---- a viewer ----
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await viewerContext.newPage();
    await signIn(viewer, 'viewer', 'viewer password 1');
    check(viewer.url() === base + '/events', 'a viewer signs in');
    check(await viewer.getByRole('link', { name: 'Kiosks' }).count() === 0, 'a viewer is not offered the admin pages');
    const results = await viewer.goto(base + '/results?event=' + event);
    check(results.status() === 200, 'a viewer reads results');
    for (const p of ['/kiosks', '/audit', '/imports', '/surveys']) {
      const res = await viewer.goto(base + p);
      check(res.status() === 403, 'a viewer cannot open ' + p + ' (403)', res.status());
    }
    await screenshot(viewer, 'viewer-refused-admin-page');
    await viewer.goto(base + '/events');
    const viewerCsrf = await viewer.getAttribute('input[name=csrf]', 'value');
    const viewerAdd = await viewer.request.post(base + '/kiosks/add', { form: { name: 'viewer-kiosk', csrf: viewerCsrf } });
    check(viewerAdd.status() === 403, 'a viewer cannot add a kiosk even with a valid form');
    const viewerAssign = await viewer.request.post(base + '/surveys/assign', { form: { target: 'event:' + event, sha256: 'x', csrf: viewerCsrf } });
    check(viewerAssign.status() === 403, 'a viewer cannot assign a survey even with a valid form');
    await viewerContext.close();

    // ---- lockout ----
    const lockContext = await browser.newContext();
    const lock = await lockContext.newPage();
    for (let i = 0; i < 5; i++) await signIn(lock, 'viewer', 'not the password ' + i);
    await signIn(lock, 'viewer', 'viewer password 1');
    const lockedText = await lock.textContent('main');
    check(lock.url() === base + '/login' && lockedText.includes('locked until'),
      'after 5 wrong passwords even the right one is refused while locked', lockedText.slice(0, 200));
    await screenshot(lock, 'sign-in-locked');
    await lockContext.close();
  } finally {
    await browser.close();
  }
  console.log(failures === 0 ? 'console browser tests: all passed' : 'console browser tests: ' + failures + ' failed');
  process.exit(failures === 0 ? 0 : 1);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

