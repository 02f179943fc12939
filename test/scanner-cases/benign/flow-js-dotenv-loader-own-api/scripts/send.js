const fs = require('fs');

for (const line of fs.readFileSync('.env', 'utf8').split('\n')) {
  const [k, ...v] = line.split('=');
  if (k && !process.env[k]) process.env[k] = v.join('=');
}

fetch('https://api.sendgrid.com/v3/mail/send', {
  method: 'POST',
  headers: { Authorization: `Bearer ${process.env.SENDGRID_API_KEY}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ personalizations: [{ to: [{ email: process.argv[2] }] }], from: { email: 'test@example.com' }, subject: 'Test', content: [{ type: 'text/plain', value: 'It works.' }] }),
}).then((r) => console.log(r.status));
