import { createHash } from 'node:crypto';
import type { JsonObject } from '../../domain/paymentEvent.js';
import { canonicalJson } from '../canonicalJson.js';

/** The stream digests are appended to (not a payment stream, so no projection reads it). */
export const DIGEST_STREAM = 'audit-digests';
export const DIGEST_EVENT_TYPE = 'AuditDigest';
export const DIGEST_LEAVES_EVENT_TYPE = 'AuditDigestLeaves';

/**
 * One digest: the Merkle root over every payment stream's chain head as of `upTo`, the position
 * of the last payment event it covers. Digests form a chain of their own through `previous`.
 * `leaves` names the revisions of the digest stream that hold the leaves that changed since the
 * previous digest, so a mismatch can be traced to the streams that differ.
 */
export interface DigestBody {
  readonly version: 1;
  readonly sequence: number;
  readonly createdAt: string;
  readonly upTo: { readonly commit: string; readonly prepare: string };
  readonly streams: number;
  readonly events: number;
  readonly root: string;
  readonly previous: string | null;
  readonly leaves: { readonly fromRevision: string; readonly toRevision: string } | null;
}

export interface DigestSignature {
  readonly algorithm: 'Ed25519';
  /** SPKI public key, PEM. */
  readonly publicKey: string;
  /** `sha256:` + hex SHA-256 of the public key's DER: compare it with the key you trust. */
  readonly keyId: string;
  /** Base64 Ed25519 signature over the body's canonical JSON. */
  readonly value: string;
}

/** What is stored in the digest stream and what `GET /audit/digest` returns under `digest`. */
export interface SignedDigest {
  readonly body: DigestBody;
  /** Hex SHA-256 of the body's canonical JSON; the next digest's `previous`. */
  readonly hash: string;
  readonly signature: DigestSignature | null;
}

export function digestHash(body: DigestBody): string {
  return createHash('sha256')
    .update(canonicalJson(body as unknown as JsonObject), 'utf8')
    .digest('hex');
}

/** Reads a digest from JSON (a saved file or a stored event), or says what is wrong with it. */
export function parseSignedDigest(value: unknown): SignedDigest | string {
  if (!isRecord(value)) return 'not a JSON object';
  const candidate = isRecord(value['digest']) ? value['digest'] : value;
  const body = candidate['body'];
  if (!isRecord(body) || body['version'] !== 1) return 'no digest body of version 1';
  const upTo = body['upTo'];
  const fields =
    typeof body['sequence'] === 'number' &&
    typeof body['createdAt'] === 'string' &&
    isRecord(upTo) &&
    typeof upTo['commit'] === 'string' &&
    /^\d+$/.test(upTo['commit']) &&
    typeof upTo['prepare'] === 'string' &&
    typeof body['streams'] === 'number' &&
    typeof body['events'] === 'number' &&
    typeof body['root'] === 'string' &&
    (body['previous'] === null || typeof body['previous'] === 'string');
  if (!fields) return 'the digest body lacks sequence, createdAt, upTo, streams, events or root';
  const signature = candidate['signature'];
  return {
    body: body as unknown as DigestBody,
    hash: typeof candidate['hash'] === 'string' ? candidate['hash'] : '',
    signature: isRecord(signature) ? (signature as unknown as DigestSignature) : null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
