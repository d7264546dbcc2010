// Click docs/walkthrough.md chapters 0–8 (Vietnamese part) on a fresh demo database.
// BASE=http://127.0.0.1:8012 BMNN_DATA_DIR=/tmp/demo-wt node walkthrough18.js
const { browser, login, BASE, text } = require('./lib');
const { go, fill, report } = require('./step');
const { execFileSync } = require('child_process');

const PW = 'ThuNghiem@2026';
const problems = [];
const seen500 = [];
async function forms(p) {
  return (await p.$$eval('main form', fs => fs.map(f => (f.getAttribute('action') || '(self)') + ' ' +
    [...f.querySelectorAll('input,select,textarea')].filter(e => e.type !== 'hidden')
      .map(e => e.name + ':' + e.type + (e.tagName === 'SELECT' ? '{' + [...e.options].map(o => o.text.slice(0, 40)).join('|') + '}' : '=' + e.value)).join(', ') +
    ' [' + [...f.querySelectorAll('button')].map(x => x.innerText).join('/') + ']'))).join('\n      ');
}
// click a button (or link styled as a button) inside <main> whose text is exactly `label`
async function press(p, label, scope) {
  const root = scope || p.locator('main');
  const loc = root.locator('button, input[type=submit], a.btn, a').filter({ hasText: new RegExp('^\\s*' + label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\s*$') });
  if (!(await loc.count())) { problems.push(`no button «${label}» on ${p.url()}`); console.log(`   !! no button «${label}»`); return false; }
  await Promise.all([p.waitForLoadState('load'), loc.first().click()]);
  await p.waitForLoadState('load');
  await p.waitForTimeout(300);
  return true;
}
// is each claimed text on the page? prints ✓/✗ and the nearest line
async function claim(p, tag, texts) {
  const t = await text(p);
  for (const c of texts) {
    const ok = c instanceof RegExp ? c.test(t) : t.includes(c);
    const line = t.split('\n').find(l => (c instanceof RegExp ? c.test(l) : l.includes(c)));
    console.log(`   ${ok ? '✓' : '✗'} ${c}${line && line.trim() !== String(c) ? '   ‹' + line.trim().slice(0, 140) + '›' : ''}`);
    if (!ok) problems.push(`[${tag}] missing «${c}» on ${p.url().replace(BASE, '')}`);
  }
  return t;
}
// things a user should not see: English words, raw codes, errors
async function lint(p, tag) {
  const t = await text(p);
  const bad = t.split('\n').filter(l => /\b(the|and|of|is|not|None|True|False|Submit|This field|required|Error|Traceback|object|pending|issued|held|open)\b|[A-Z]{2,}_[A-Z]{2,}|records\.[a-z]+\.[a-z]+/.test(l))
    .filter(l => !/records\.[a-z]+\.[a-z]+/.test(l) || !p.url().includes('nhat-ky'));
  if (bad.length) { console.log(`   ?? suspicious text: ${bad.slice(0, 5).map(s => '«' + s.trim().slice(0, 100) + '»').join(' ')}`); }
}
async function show(p, tag) {
  const t = await report(p, tag);
  await lint(p, tag);
  return t;
}
async function queue(p, heading) {
  await go(p, '/tai-lieu/viec-can-lam/');
  const t = await text(p);
  const lines = t.split('\n').filter(l => l.trim());
  const i = lines.findIndex(l => l.includes(heading));
  console.log(`   ${i >= 0 ? '✓' : '✗'} queue «${heading}»${i >= 0 ? ': ' + lines.slice(i + 1, i + 4).map(s => s.trim().slice(0, 90)).join(' / ') : ''}`);
  if (i < 0) { problems.push(`queue heading «${heading}» missing`); console.log('     queue headings: ' + lines.slice(0, 40).join(' / ').slice(0, 900)); }
  await lint(p, 'queue');
  return t;
}

(async () => {
  const b = await browser();
  const S = {};
  const page = async u => { if (!S[u]) { S[u] = await login(b, u); S[u].on('response', r => { if (r.status() >= 500) seen500.push(r.status() + ' ' + r.url()); }); } return S[u]; };

  // 0 ------------------------------------------------------------------------------------------
  console.log('== 0. Khởi động');
  const n = await page('nhungtth');
  await go(n, '/');
  await show(n, '0 home');
  await claim(n, '0', ['Việc cần làm']);
  const menuLink = await n.locator('a[href="/tai-lieu/viec-can-lam/"]').count();
  console.log(`   ${menuLink ? '✓' : '✗'} link to /tai-lieu/viec-can-lam/ (${menuLink})`);
  console.log('   home block: ' + (await text(n)).split('\n').filter(l => /việc|bản|giữ|chờ/i.test(l)).slice(0, 6).map(s => s.trim()).join(' / '));

  // 1 ------------------------------------------------------------------------------------------
  console.log('== 1. nhungtth đề xuất');
  await go(n, '/tai-lieu/de-xuat/');
  await fill(n, { holding_unit: 'Công an tỉnh Sơn Hà', kind: 'Tài liệu giấy', document_type: 'Báo cáo', level: 'Tối mật',
    list_entry: 'DEMO-CA-SONHA – mục 2', recipients: 'PA03: 1\nPV01: 1', copies_planned: 3, reproduction_allowed: true,
    pages: 6, summary: 'Báo cáo tổng hợp tình hình an ninh chính trị nội bộ quý IV (minh họa, kiểm tra hướng dẫn).' });
  await press(n, 'Gửi đề xuất');
  await show(n, '1 proposed');
  const m = n.url().match(/tai-lieu\/(\d+)\//);
  const id = m ? m[1] : null;
  console.log(`   item id = ${id} (doc says 9; brief expects 12)`);
  await claim(n, '1', ['Chờ quyết định độ mật', 'Tối mật']);

  // 2 ------------------------------------------------------------------------------------------
  console.log('== 2. thangnd quyết định');
  const t = await page('thangnd');
  await queue(t, 'Đề xuất độ mật chờ bạn quyết định');
  await claim(t, '2', [`Báo cáo – chưa có số (#${id})`]);
  await go(t, `/tai-lieu/${id}/quyet-dinh/`);
  console.log('   forms: ' + await forms(t));
  const dec = await t.locator('[name=decided_on]').inputValue().catch(() => '(none)');
  console.log(`   decided_on prefilled: «${dec}»`);
  await claim(t, '2', ['Trả lại']);
  await press(t, 'Quyết định độ mật');
  await show(t, '2 decided');
  await claim(t, '2', [/20 năm/, /\d\d\/\d\d\/2046/]);
  console.log('   status lines: ' + (await text(t)).split('\n').filter(l => /Trạng thái|Thời hạn|2046/.test(l)).slice(0, 4).map(s => s.trim()).join(' / '));

  // 3 ------------------------------------------------------------------------------------------
  console.log('== 3. nhungtth vào sổ đi, phát hành');
  await queue(n, 'Tài liệu đã xác định độ mật, chờ vào sổ đi và phát hành');
  await go(n, `/tai-lieu/${id}/vao-so-di/`);
  console.log('   forms: ' + await forms(n));
  await fill(n, { storage_place: 'Tủ văn thư CAT' });
  await press(n, 'Cấp số và phát hành');
  await show(n, '3 issued');
  await claim(n, '3', ['01/BC-CAT', 'SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐI', /^Năm\s*$/m, '2026', /^1\t\d\d\/\d\d\/2026\t01\/BC-CAT/m]);
  const regLines = (await text(n)).split('\n').filter(l => l.includes('01/BC-CAT'));
  console.log('   register lines with 01/BC-CAT: ' + regLines.map(s => '«' + s.trim().replace(/\s+/g, ' ').slice(0, 160) + '»').join(' '));
  await go(n, `/tai-lieu/${id}/`);
  await show(n, '3 item');
  await claim(n, '3', ['Bản số 01', 'Bản số 02', 'Bản số 03', 'Tủ văn thư CAT']);
  await go(n, '/tai-lieu/so/');
  await show(n, '3 registers');
  console.log('   registers: ' + (await text(n)).split('\n').filter(l => /Sổ/.test(l)).slice(0, 8).map(s => s.trim().replace(/\s+/g, ' ')).join(' / '));

  // 4 ------------------------------------------------------------------------------------------
  console.log('== 4. nhungtth giao hai lần');
  const deliveries = [];
  for (const [copy, unit] of [['Bản số 01', 'Phòng An ninh chính trị nội bộ (PA03 – CAT)'], ['Bản số 02', 'Phòng Tham mưu (PV01 – CAT)']]) {
    await go(n, `/tai-lieu/${id}/`);
    if (!(await press(n, 'Giao'))) await go(n, `/tai-lieu/${id}/giao/`);
    console.log(`   at ${n.url().replace(BASE, '')}`);
    console.log('   forms: ' + await forms(n));
    await n.locator('label').filter({ hasText: copy }).locator('input[name=copies]').check();
    await fill(n, { to_unit: unit });
    await press(n, 'Giao và ghi sổ chuyển giao');
    await show(n, `4 delivered ${copy}`);
    deliveries.push(n.url().replace(BASE, ''));
    await claim(n, '4', ['Đã giao, chờ ký nhận', /Chờ người nhận thuộc/, 'B — Ghi trên bì']);
    console.log('   lines: ' + (await text(n)).split('\n').filter(l => /Dấu|dấu|Bì|bì|Sổ chuyển giao|Chờ người nhận/.test(l)).slice(0, 5).map(s => s.trim().slice(0, 120)).join(' / '));
    const kyNhan = await n.locator('main form').filter({ hasText: 'Ký nhận' }).count();
    console.log(`   sender sees receipt form: ${kyNhan ? 'YES (doc: not offered)' : 'no'}`);
  }
  console.log('   deliveries: ' + deliveries.join(', '));

  // 5 ------------------------------------------------------------------------------------------
  for (const [user, url] of [['khanhvq', deliveries[0]], ['anhdtl', deliveries[1]]]) {
    console.log(`== 5. ${user} ký nhận`);
    const u = await page(user);
    await queue(u, 'Tài liệu giao đến, chờ bạn ký nhận');
    await go(u, '/tai-lieu/giao/can-nhan/');
    await show(u, `5 ${user} can-nhan`);
    const link = await u.locator(`main a[href="${url}"]`).count();
    console.log(`   ${link ? '✓' : '✗'} can-nhan lists ${url}`);
    await go(u, url);
    console.log('   forms: ' + await forms(u));
    await fill(u, { counted_copies: 1, counted_pages: 6, counted_attachments: 0, password: PW });
    await press(u, 'Ký nhận');
    await show(u, `5 ${user} signed`);
    await claim(u, '5', ['Đã ký nhận và vào sổ đến số 1/2026']);
    await go(u, `/tai-lieu/${id}/`);
    console.log(`   ${user} opens item ${id}: ${(await text(u)).includes('01/BC-CAT') ? 'yes (01/BC-CAT shown)' : 'NO'}`);
  }

  // 6 ------------------------------------------------------------------------------------------
  console.log('== 6. tuanlm đề nghị sao, chụp');
  const q = await page('tuanlm');
  await go(q, `/tai-lieu/${id}/`);
  if (!(await press(q, 'Đề nghị sao, chụp'))) await go(q, `/tai-lieu/${id}/sao-chup/`);
  console.log(`   at ${q.url().replace(BASE, '')}`);
  console.log('   forms: ' + await forms(q));
  await fill(q, { method: 'Sao y', copies_requested: 1, source_copy: 'Bản số 03', purpose: 'Phục vụ họp giao ban' });
  await press(q, 'Gửi đề nghị');
  await show(q, '6 requested');
  const repro = q.url().replace(BASE, '');
  await claim(q, '6', [/Chờ người có thẩm quyền.*quyết định/]);
  console.log('   requester sees decision form: ' + ((await q.locator('[name=approve]').count()) ? 'YES' : 'no'));
  console.log('== 6. hungpv cho phép');
  const h = await page('hungpv');
  await queue(h, 'Đề nghị sao, chụp chờ bạn cho phép');
  await go(h, repro);
  console.log('   forms: ' + await forms(h));
  await h.locator('input[name=approve][value="1"]').check();
  await press(h, 'Ghi quyết định');
  await show(h, '6 decided');
  await claim(h, '6', ['Điều 11 Luật BVBMNN 2025; ủy quyền 02/GUQ-CAT']);
  console.log('== 6. tuanlm thực hiện');
  await go(q, repro);
  console.log('   forms: ' + await forms(q));
  await claim(q, '6', ['Thực hiện sao, chụp']);
  await fill(q, { copies_made: 1, copies_spoiled: 0, place: 'Phòng bảo mật Công an tỉnh', device: 'Máy photocopy P-01 (không kết nối mạng)' });
  await press(q, 'Ghi việc sao, chụp');
  await show(q, '6 executed');
  await claim(q, '6', [/bản sao số 01/i, 'Lê Minh Tuấn']);
  await go(q, `/tai-lieu/${id}/`);
  console.log('   item register lines: ' + (await text(q)).split('\n').filter(l => /^Sổ .* 20\d\d\t/.test(l)).map(s => '«' + s.trim().replace(/\s+/g, ' ').slice(0, 110) + '»').join(' '));

  // 7 ------------------------------------------------------------------------------------------
  console.log('== 7. tuanlm kiểm kê');
  await go(q, '/tai-lieu/kiem-ke/');
  console.log('   forms: ' + await forms(q));
  await fill(q, { unit: 'Công an tỉnh Sơn Hà', members: ['Trần Thị Hồng Nhung', 'Lê Minh Tuấn'] });
  await press(q, 'Bắt đầu kiểm kê');
  await show(q, '7 started');
  const rows = await q.locator('main table tbody tr').allInnerTexts();
  console.log(`   ${rows.length} lines: ` + rows.map(r => '«' + r.replace(/\s+/g, ' ').trim().slice(0, 90) + '»').join(' '));
  const r3 = q.locator('main table tbody tr').filter({ hasText: /Bản số 03/ }).filter({ hasText: '01/BC-CAT' }).filter({ hasNotText: /sao/i });
  const rs = q.locator('main table tbody tr').filter({ hasText: /bản sao số 01/i }).filter({ hasText: '01/BC-CAT' });
  console.log(`   row copy 03: ${await r3.count()}, row bản sao 01: ${await rs.count()}`);
  if (await r3.count()) {
    await r3.first().locator('input[name=note]').fill('Không tìm thấy trong tủ văn thư');
    await r3.first().locator('button[value="0"]').click(); await q.waitForTimeout(1200);
  } else problems.push('stock-take line for copy 03 missing');
  if (await rs.count()) { await rs.first().locator('button[value="1"]').click(); await q.waitForTimeout(1200); }
  else problems.push('stock-take line for bản sao số 01 missing');
  const rows2 = await q.locator('main table tbody tr').filter({ hasText: '01/BC-CAT' }).allInnerTexts();
  console.log('   after marking: ' + rows2.map(r => '«' + r.replace(/\s+/g, ' ').trim().slice(0, 120) + '»').join(' '));
  await press(q, 'Ký biên bản kiểm kê');
  await show(q, '7 signed');
  await claim(q, '7', ['Không xuất trình được', /Vụ việc đã mở/]);
  await go(q, '/tai-lieu/vu-viec/');
  await show(q, '7 incidents');
  console.log('   incidents: ' + (await text(q)).split('\n').filter(l => /01\/BC-CAT|mất|Mất|chưa báo cáo|Chờ/.test(l)).slice(0, 5).map(s => s.trim().replace(/\s+/g, ' ').slice(0, 160)).join(' / '));
  await go(q, `/tai-lieu/${id}/`);
  console.log('   item copies: ' + (await text(q)).split('\n').filter(l => /Bản số 0|bản sao/i.test(l)).slice(0, 6).map(s => s.trim().replace(/\s+/g, ' ').slice(0, 120)).join(' / '));

  // 8 ------------------------------------------------------------------------------------------
  console.log('== 8. Nhật ký');
  let L = q; await go(L, '/nhat-ky/');
  if (!/nhat-ky/.test(L.url()) || (await L.locator('main table tbody tr').count()) === 0) { console.log('   tuanlm cannot read /nhat-ky/ (' + L.url() + '), trying quantri'); L = await page('quantri'); await go(L, '/nhat-ky/'); }
  await show(L, '8 ledger');
  const ev = (await L.locator('main table tbody tr').allInnerTexts()).map(r => r.replace(/\s+/g, ' ').trim());
  const wanted = ['records.item.propose', 'records.item.classify', 'records.register.open', 'records.item.issue', 'records.delivery.send', 'records.delivery.receipt', 'records.delivery.register',
    'records.reproduction.request', 'records.reproduction.decide', 'records.reproduction.execute', 'records.stocktake.start', 'records.stocktake.mark', 'records.incident.open', 'records.stocktake.sign'];
  for (const w of wanted) { const c = ev.filter(r => r.includes(w)).length; console.log(`   ${c ? '✓' : '✗'} ${w} ×${c}`); }
  console.log('   newest rows: ' + ev.slice(0, 4).map(r => '«' + r.slice(0, 110) + '»').join(' '));

  console.log('== ledger verify');
  console.log(execFileSync((process.env.BMNN_BIN || '.venv/bin/bmnn'), ['ledger', 'verify'], { env: process.env }).toString());
  console.log('== 500 responses: ' + (seen500.length ? seen500.join(', ') : 'none'));
  console.log('== problems: ' + (problems.length ? '\n - ' + problems.join('\n - ') : 'none'));
  await b.close();
})().catch(e => { console.error(e); process.exit(1); });
