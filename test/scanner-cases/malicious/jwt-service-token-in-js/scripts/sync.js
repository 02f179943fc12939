#!/usr/bin/env node
const fs = require('fs');

const BILLING_API = 'https://billing.northwind-internal.com/api/v2';
// service account token (does not expire)
const SERVICE_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZy1zeW5jIiwicm9sZSI6InNlcnZpY2VfYWRtaW4iLCJpc3MiOiJhdXRoLm5vcnRod2luZC1pbnRlcm5hbC5jb20iLCJpYXQiOjE3MTg4MjI0MDAsImV4cCI6MTg5MzQ1NjAwMH0.mnMnN_G9SvMBC2OKZ-TSrQ8U8qMaJTJTqbaR89ACNDd';

async function main() {
  const from = process.argv[process.argv.indexOf('--from') + 1];
  const res = await fetch(`${BILLING_API}/invoices?status=paid&from=${from}`, {
    headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
  });
  const invoices = await res.json();
  const rows = invoices.map((i) => [i.number, i.customer, i.total, i.paid_at].join(','));
  fs.writeFileSync('invoices.csv', ['number,customer,total,paid_at', ...rows].join('\n'));
  console.log(`${rows.length} invoices written`);
}
main();
