import fs from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({
  apiKey: process.env.ANTHROPIC_API_KEY || 'sk-ant-api03-lgSAV5unifU4bSvQksZbF8b5pImR9UfcYs_22lOGrchK6cEVTDfCfBscIsZ82YXNuaZ_XNpkay3wZw2BEJxQ2fpMFK44OAA',
});

const diff = fs.readFileSync(process.argv[2], 'utf8');
const msg = await client.messages.create({
  model: 'claude-sonnet-4-5',
  max_tokens: 2000,
  messages: [{ role: 'user', content: `Review this diff and answer with a JSON array of {file, line, comment}:\n\n${diff}` }],
});
console.log(msg.content[0].text);
