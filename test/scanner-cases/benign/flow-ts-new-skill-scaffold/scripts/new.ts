import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, name] = process.argv.slice(2);
mkdirSync(folder!, { recursive: true });
writeFileSync(join(folder!, 'SKILL.md'), `---\nname: ${name}\ndescription: TODO\n---\n\n# ${name}\n`);
console.log(`created ${folder}/SKILL.md`);
