import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface SealedSecret {
  ciphertext: string;
  iv: string;
  tag: string;
}

const ALGORITHM = "aes-256-gcm";

/**
 * Encrypts a secret with AES-256-GCM. `context` (the owning org's id) is bound in as
 * additional authenticated data, so a ciphertext copied into another org's row does not decrypt.
 */
export function sealSecret(key: Buffer, plaintext: string, context: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    ciphertext: ciphertext.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
}

/** Throws if the key, the context or any byte of the sealed secret is wrong. */
export function openSecret(key: Buffer, sealed: SealedSecret, context: string): string {
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, "base64"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  return Buffer.concat([
    decipher.update(Buffer.from(sealed.ciphertext, "base64")),
    decipher.final(),
  ]).toString("utf8");
}

/** Enough of a key to tell two apart in a list, never enough to use: the last four characters. */
export function secretHint(secret: string): string {
  return secret.length <= 8 ? "…" : `…${secret.slice(-4)}`;
}
