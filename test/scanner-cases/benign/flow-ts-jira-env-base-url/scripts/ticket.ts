const base = process.env.JIRA_URL!;
const auth = Buffer.from(`${process.env.JIRA_EMAIL}:${process.env.JIRA_API_TOKEN}`).toString('base64');

const res = await fetch(`${base}/rest/api/3/issue`, {
  method: 'POST',
  headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ fields: { project: { key: 'OPS' }, summary: process.argv[2], issuetype: { name: 'Task' } } }),
});
console.log(res.status);
