/** A file found inside a container: its path inside, and its bytes (or text already extracted). */
export interface Member {
  /** Path inside the container, `/`-separated, no leading `/`. */
  name: string;
  content: Uint8Array | string;
}

/** Why a container was not looked inside; becomes the message of its finding. */
export class NotOpened extends Error {}

/**
 * Bounds on looking inside containers. Everything happens in memory (nothing is extracted to
 * disk), and a container that would break a bound is left closed and reported instead.
 */
export interface ContainerBudget {
  /** Largest member, once decompressed. */
  maxMemberBytes: number;
  /** All members of all containers of one skill, once decompressed. */
  maxTotalBytes: number;
  /** Members read from one container. */
  maxMembers: number;
  /** Bytes decompressed so far for this skill. */
  used: number;
}

export function charge(budget: ContainerBudget, bytes: number, what: string): void {
  if (bytes > budget.maxMemberBytes) throw new NotOpened(`${what} is ${bytes} bytes once decompressed, over the ${budget.maxMemberBytes}-byte limit for one file`);
  if (budget.used + bytes > budget.maxTotalBytes) throw new NotOpened(`decompressing ${what} would take the skill past ${budget.maxTotalBytes} bytes`);
  budget.used += bytes;
}
