import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
const KEY_FILE = 'secret.key';

/**
 * Seals secrets kept in the database (git credentials) with AES-256-GCM. The key comes from
 * SKILLPORT_SECRET_KEY or, when that is unset, from a key file generated once in the data
 * directory with mode 0600. Several nodes on one database must share SKILLPORT_SECRET_KEY, or
 * each would hold a key the others cannot open with.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromConfig(secretKey: string | undefined, dataDir: string): SecretBox {
    if (secretKey) return new SecretBox(deriveKey(secretKey));
    const file = path.join(dataDir, KEY_FILE);
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return new SecretBox(deriveKey(readFileSync(file, 'utf8').trim()));
  }

  seal(plain: string, context: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    // The context (the credential's id) is bound in: a sealed value copied to another row fails to open.
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, nonce.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
  }

  /** The secret in clear, or undefined when it cannot be opened with this key. */
  open(sealed: string, context: string): string | undefined {
    const [version, nonce, tag, data] = sealed.split('.');
    if (version !== VERSION || !nonce || !tag || data === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** 32 bytes from whatever the operator gave: base64 or hex of 32 bytes as is, anything else hashed. */
function deriveKey(text: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  const b64 = Buffer.from(text, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(text)) return b64;
  return createHash('sha256').update(text).digest();
}
