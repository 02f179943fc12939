import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { execFileSync } from "node:child_process";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import mime from "mime";

const dir = process.argv[2] ?? "dist";
const bucket = process.env.ARTIFACT_BUCKET;
if (!bucket) throw new Error("Set ARTIFACT_BUCKET to your preview bucket name");

const branch = execFileSync("git", ["rev-parse", "--abbrev-ref", "HEAD"]).toString().trim().replace(/[^a-z0-9-]/gi, "-");
const s3 = new S3Client({}); // default credential chain: the user's own profile

function* walk(d: string): Generator<string> {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) yield* walk(p); else yield p;
  }
}

for (const file of walk(dir)) {
  const key = `previews/${branch}/${relative(dir, file)}`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file), ContentType: mime.getType(file) ?? undefined }));
}
console.log(`https://${bucket}.s3.amazonaws.com/previews/${branch}/index.html`);
