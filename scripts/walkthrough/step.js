// helpers to click through as a user: fill by field name, check boxes by value, click a button by its text
const { BASE, text } = require('./lib');
async function go(p, path) { await p.goto(BASE + path); }
async function fill(p, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const el = p.locator(`[name="${name}"]`).first();
    const tag = await el.evaluate(e => e.tagName + ':' + (e.type || ''));
    if (tag.startsWith('SELECT')) {
      const values = Array.isArray(value) ? value : [value];
      const resolved = [];
      for (const v of values) {
        const opt = await el.evaluate((e, v) => { const o = [...e.options].find(o => o.value === v || o.text.includes(v)); return o ? o.value : null; }, v);
        if (opt === null) throw new Error(`no option «${v}» in ${name}`);
        resolved.push(opt);
      }
      await el.selectOption(resolved);
    } else if (tag.includes('checkbox') || tag.includes('radio')) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        if (v === true) await el.check();
        else if (v === false) await el.uncheck();
        else await p.locator(`[name="${name}"][value="${v}"]`).check();
      }
    } else await el.fill(String(value));
  }
}
async function click(p, label) {
  await Promise.all([p.waitForLoadState('load'), p.locator('main button, main input[type=submit], main a.btn').filter({ hasText: label }).first().click()]);
  await p.waitForLoadState('load');
}
async function report(p, tag) {
  const t = await text(p);
  const lines = t.split('\n').filter(l => l.trim());
  const errs = lines.filter(l => /Từ chối|không|Không|lỗi|Lỗi|Cần|phải/.test(l)).slice(0, 6);
  console.log(`[${tag}] ${p.url()}`);
  const flash = await p.locator('.messages, .message, .errorlist, .refusal, .alert').allInnerTexts();
  if (flash.length) console.log('   messages:', flash.join(' | ').replace(/\s+/g, ' ').slice(0, 600));
  return t;
}
module.exports = { go, fill, click, report };
