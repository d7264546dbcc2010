// Issue 6 by hand in the browser: print and export buttons as demo users, downloads opened by size and type.
const { browser, login, BASE, text } = require('./lib');
const fs = require('fs');
let failures = 0;
function check(ok, what) { console.log((ok ? 'ok: ' : '!! FAILED: ') + what); if (!ok) failures++; }
async function download(page, locator, what) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), locator.first().click()]);
  const path = await dl.path();
  const size = fs.statSync(path).size;
  const head = fs.readFileSync(path).subarray(0, 4).toString('latin1');
  check(size > 1000 && (head.startsWith('%PDF') || head.startsWith('PK')), `${what}: ${dl.suggestedFilename()} (${size} bytes)`);
  return path;
}
(async () => {
  const b = await browser();
  const shots = process.env.SHOTS || '/tmp/shots';
  // The treasury's clerk prints and exports its outgoing register.
  let p = await login(b, 'anhltn');
  await p.goto(BASE + '/tai-lieu/so/');
  const hrefs = async (re) => (await p.locator('a').evaluateAll(as => as.map(a => a.getAttribute('href')))).filter(h => h && re.test(h));
  let vols = await hrefs(/^\/tai-lieu\/so\/\d+\/$/);
  for (const unit of await hrefs(/^\/tai-lieu\/so\/don-vi\/\d+\/$/)) {
    if (vols.length) break;
    await p.goto(BASE + unit);
    vols = await hrefs(/^\/tai-lieu\/so\/\d+\/$/);
  }
  check(vols.length > 0, 'register volumes listed');
  await p.goto(BASE + vols[0]);
  await download(p, p.getByRole('button', { name: /In sổ \(PDF\)/ }), 'register PDF');
  await download(p, p.getByRole('button', { name: /In sổ \(DOCX\)/ }), 'register DOCX');
  await p.reload();
  check((await text(p)).includes('Các bản đã in'), 'printouts listed on the register page');
  await p.screenshot({ path: shots + '/p-register.png', fullPage: true });
  await download(p, p.getByRole('link', { name: /Xuất Excel/ }).or(p.getByRole('button', { name: /Xuất Excel/ })), 'register XLSX export');
  // The treasury's security officer prints the destruction record and the stamps of an item.
  p = await login(b, 'minhdc');
  await p.goto(BASE + '/tai-lieu/tieu-huy/');
  const destr = await p.locator('a[href*="/tieu-huy/"]').evaluateAll(as => as.map(a => a.getAttribute('href')).filter(h => /\/tieu-huy\/\d+\/$/.test(h)));
  check(destr.length > 0, 'destruction listed');
  if (destr.length) {
    await p.goto(BASE + destr[0]);
    await download(p, p.getByRole('button', { name: /\(PDF\)/ }), 'destruction document PDF');
    await p.screenshot({ path: shots + '/p-destruction.png', fullPage: true });
  }
  await p.goto(BASE + '/tai-lieu/10/');
  const t = await text(p);
  check(t.includes('Dấu trên tài liệu'), 'item page shows its stamps');
  check(await p.locator('img[src*="/dau/"]').count() > 0, 'stamp images on the item page');
  await p.screenshot({ path: shots + '/p-item-stamps.png', fullPage: true });
  await p.goto(BASE + '/in/mau-dau/');
  check((await text(p)).includes('TUYỆT MẬT') || await p.locator('img').count() > 5, 'stamp forms page');
  await p.goto(BASE + '/tai-lieu/bao-cao-nam/');
  console.log('annual page as minhdc:', p.url(), (await text(p)).slice(0, 200).replace(/\n/g, ' / '));
  // The staff member may not print the register: 404 on its page.
  p = await login(b, 'trangtt');
  const r = await p.goto(BASE + vols[0]);
  check(r.status() === 404, 'a staff member gets 404 on the register page');
  // The director makes the annual report.
  p = await login(b, 'longtv');
  await p.goto(BASE + '/tai-lieu/bao-cao-nam/');
  check((await text(p)).includes('15/12/2025'), 'annual report page shows its window');
  await p.screenshot({ path: shots + '/p-annual.png', fullPage: true });
  await download(p, p.getByRole('button', { name: /DOCX/ }), 'annual report DOCX');
  await b.close();
  console.log(failures ? `${failures} FAILED` : 'all ok');
  process.exit(failures ? 1 : 0);
})().catch(e => { console.error(e); process.exit(2); });
