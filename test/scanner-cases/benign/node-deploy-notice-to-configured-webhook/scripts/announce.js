#!/usr/bin/env node
'use strict';
// Posts a one-line deploy notice to the webhook in DEPLOY_WEBHOOK_URL. Sends nothing else.
const https = require('https');

const url = process.env.DEPLOY_WEBHOOK_URL;
if (!url) {
  console.error('DEPLOY_WEBHOOK_URL is not set; ask the user for their team webhook');
  process.exit(2);
}
const [service, version] = process.argv.slice(2);
const who = process.env.USER || 'someone';
const body = JSON.stringify({ text: `:rocket: ${service} ${version} deployed by ${who}` });
const req = https.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
  console.log(`webhook answered ${res.statusCode}`);
});
req.on('error', (e) => { console.error(`webhook failed: ${e.message}`); process.exit(1); });
req.end(body);
