import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
const [name, url, ...offsets] = process.argv.slice(2);
await page.goto(`http://127.0.0.1:3999${url}`);
for (const y of offsets) await page.screenshot({ path: `/tmp/${name}-${y}.png`, clip: { x: 0, y: Number(y), width: 1000, height: 1300 }, fullPage: true });
await browser.close();
