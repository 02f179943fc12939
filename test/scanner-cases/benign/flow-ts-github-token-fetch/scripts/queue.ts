interface Item { title: string; html_url: string }

const token: string = process.env.GITHUB_TOKEN ?? '';
const headers = { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json' };

async function queue(): Promise<Item[]> {
  const res = await fetch('https://api.github.com/search/issues?q=is:pr+is:open+review-requested:@me', { headers });
  return ((await res.json()) as { items: Item[] }).items;
}

for (const item of await queue()) console.log(`${item.title} ${item.html_url}`);
