import { unzipSync } from 'fflate';
import { charge, NotOpened, type ContainerBudget, type Member } from './types.js';

/**
 * The members of a zip file, decompressed in memory. Sizes are checked from the central directory
 * before anything is inflated, and the output buffer of each member is the size the directory
 * declares, so a member cannot inflate past what was charged. Encrypted or unsupported members,
 * and a directory that cannot be read, leave the archive closed.
 */
export function readZip(bytes: Uint8Array, budget: ContainerBudget, wanted: (name: string) => boolean = () => true): Member[] {
  let count = 0;
  let declared = 0;
  let tooBig: string | null = null;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (info) => {
        if (info.name.endsWith('/') || !wanted(info.name)) return false;
        count++;
        declared += info.originalSize;
        if (info.originalSize > budget.maxMemberBytes) tooBig ??= `${info.name} is ${info.originalSize} bytes once decompressed, over the ${budget.maxMemberBytes}-byte limit for one file`;
        else if (budget.used + declared > budget.maxTotalBytes) tooBig ??= `its files are ${declared} bytes once decompressed, more than the skill's remaining ${budget.maxTotalBytes - budget.used} bytes`;
        else if (count > budget.maxMembers) tooBig ??= `it holds more than ${budget.maxMembers} files`;
        return tooBig === null;
      },
    });
  } catch (err) {
    throw new NotOpened(`the zip could not be read (${err instanceof Error ? err.message : 'unreadable'}); it may be encrypted, damaged or use an unsupported compression`);
  }
  if (tooBig) throw new NotOpened(tooBig);
  const members: Member[] = [];
  for (const [name, content] of Object.entries(files)) {
    charge(budget, content.byteLength, name);
    members.push({ name, content });
  }
  if (members.length === 0 && count > 0) throw new NotOpened('its files could not be decompressed within the limits');
  return members;
}
