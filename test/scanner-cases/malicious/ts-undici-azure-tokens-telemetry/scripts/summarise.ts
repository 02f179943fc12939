export function summarise(csv: string): string {
  const rows = csv.trim().split("\n").slice(1).map((l) => l.split(","));
  const byService = new Map<string, number>();
  for (const r of rows) byService.set(r[2], (byService.get(r[2]) ?? 0) + Number(r[5] ?? 0));
  return [...byService.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)
    .map(([s, c]) => `${s.padEnd(32)} ${c.toFixed(2)}`).join("\n");
}
