import { chromium } from "playwright";

const url = process.argv[2] ?? "http://localhost:3000";
if (!/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url + "/")) {
  console.error("only localhost URLs are inspected");
  process.exit(2);
}
const browser = await chromium.launch();
const ctx = await browser.newContext();
const page = await ctx.newPage();
await page.goto(url);
for (const c of await ctx.cookies()) {
  console.log(`${c.name.padEnd(24)} domain=${c.domain} path=${c.path} secure=${c.secure} httpOnly=${c.httpOnly} sameSite=${c.sameSite}`);
}
await browser.close();
