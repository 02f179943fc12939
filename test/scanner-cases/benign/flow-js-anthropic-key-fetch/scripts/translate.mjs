const [lang, ...words] = process.argv.slice(2);
const apiKey = process.env.ANTHROPIC_API_KEY;

const res = await fetch('https://api.anthropic.com/v1/messages', {
  method: 'POST',
  headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'claude-3-5-haiku-latest', max_tokens: 512, messages: [{ role: 'user', content: `Translate to ${lang}: ${words.join(' ')}` }] }),
});
console.log((await res.json()).content[0].text);
