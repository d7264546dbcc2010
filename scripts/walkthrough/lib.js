const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const BASE = process.env.BASE || 'http://127.0.0.1:8011';
const DATA = process.env.BMNN_DATA_DIR;
function totp(user) {
  return execFileSync((process.env.BMNN_BIN || '.venv/bin/bmnn'), ['demo', 'totp', user], { env: { ...process.env, BMNN_DATA_DIR: DATA } }).toString().trim().split(/\s+/).pop();
}
async function browser() { return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] }); }
async function login(b, user) {
  const ctx = await b.newContext({ locale: 'vi-VN' });
  const page = await ctx.newPage();
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto(BASE + '/tai-khoan/dang-nhap/');
    await page.fill('#id_username', user);
    await page.fill('#id_password', 'ThuNghiem@2026');
    await page.click('form.stacked button[type=submit]');
    const code = page.locator('input[name=code], input[name=otp], input[name=token]');
    if (await code.count()) {
      await code.first().fill(totp(user));
      await page.click('form.stacked button[type=submit], form button.btn');
    }
    if (!page.url().includes('dang-nhap') && !page.url().includes('xac-thuc')) return page;
    await page.waitForTimeout(31000);  // a code already used: wait for the next one
  }
  throw new Error('login failed for ' + user + ' at ' + page.url());
}
async function text(page) { return (await page.locator('main, body').first().innerText()); }
module.exports = { browser, login, BASE, text };
