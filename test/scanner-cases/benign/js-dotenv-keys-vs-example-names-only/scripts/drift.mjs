import { readFileSync, existsSync } from "node:fs";

function names(file) {
  if (!existsSync(file)) return new Map();
  const m = new Map();
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const hit = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (hit) m.set(hit[1], hit[2].trim().length > 0);
  }
  return m;
}

const env = names(".env");
const example = names(".env.example");
const missing = [...example.keys()].filter((k) => !env.has(k));
const extra = [...env.keys()].filter((k) => !example.has(k));
const empty = [...env.entries()].filter(([, set]) => !set).map(([k]) => k);

console.log("missing from .env:", missing.join(", ") || "none");
console.log("not in .env.example:", extra.join(", ") || "none");
console.log("empty in .env:", empty.join(", ") || "none");
