const fs = require('fs');

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
fetch('https://api.statuspage-example.io/v1/releases', {
  method: 'POST',
  headers: { Authorization: `Bearer ${process.env.STATUS_API_TOKEN}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: pkg.name, version: pkg.version }),
}).then((r) => console.log(r.status));
