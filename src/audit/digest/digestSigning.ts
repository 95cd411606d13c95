import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../domain/paymentEvent.js';
import { canonicalJson } from '../canonicalJson.js';
import type { DigestBody, DigestSignature } from './digestRecord.js';

export interface DigestSigner {
  readonly keyId: string;
  sign(body: DigestBody): DigestSignature;
}

/** Thrown when AUDIT_SIGNING_KEY_FILE cannot be read or is not an Ed25519 private key. */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/** An Ed25519 signer from a PEM private key file (e.g. `openssl genpkey -algorithm ed25519`). */
export function loadDigestSigner(file: string): DigestSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new SigningKeyError(
      `cannot read a private key from ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `${file} holds a ${privateKey.asymmetricKeyType ?? 'symmetric'} key; digests are signed with Ed25519`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = publicKeyId(publicKey);
  return {
    keyId,
    sign: (body) => ({
      algorithm: 'Ed25519',
      publicKey: publicKeyPem,
      keyId,
      value: sign(null, signedBytes(body), privateKey).toString('base64'),
    }),
  };
}

/** Whether the signature is valid for the body under the public key it names. */
export function verifyDigestSignature(body: DigestBody, signature: DigestSignature): boolean {
  const algorithm: string = signature.algorithm;
  try {
    const publicKey = createPublicKey(signature.publicKey);
    return (
      algorithm === 'Ed25519' &&
      publicKeyId(publicKey) === signature.keyId &&
      verify(null, signedBytes(body), publicKey, Buffer.from(signature.value, 'base64'))
    );
  } catch {
    return false;
  }
}

/** The `keyId` of a public (or private) key in PEM, as digests name their signer. */
export function keyIdOfPem(pem: string): string {
  return publicKeyId(createPublicKey(pem));
}

function signedBytes(body: DigestBody): Buffer {
  return Buffer.from(canonicalJson(body as unknown as JsonObject), 'utf8');
}

function publicKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}
