import { execFileSync } from "node:child_process";

const token = execFileSync("gh", ["auth", "token"]).toString().trim();
const q = encodeURIComponent("is:open is:pr review-requested:@me archived:false");
const res = await fetch(`https://api.github.com/search/issues?q=${q}&sort=created&order=asc&per_page=50`, {
  headers: { Authorization: `Bearer ${token}`, Accept: "application/vnd.github+json" },
});
if (!res.ok) throw new Error(`GitHub API ${res.status}`);
const { items } = (await res.json()) as { items: Array<{ html_url: string; title: string; user: { login: string }; created_at: string }> };
for (const pr of items) {
  const days = Math.floor((Date.now() - Date.parse(pr.created_at)) / 86_400_000);
  console.log(`${String(days).padStart(3)}d  ${pr.html_url}  ${pr.title}  (@${pr.user.login})`);
}
