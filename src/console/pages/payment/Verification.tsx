import { useEffect, useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import type { verificationSchema } from '../../api/schemas.js';
import { sha256Hex } from './sha256Hex.js';

type RawBodyCheck = 'checking' | 'matches' | 'differs' | 'unavailable';

/**
 * Recomputes the SHA-256 of the raw body shown, in the browser, and compares it with the digest
 * recorded on receipt: what the auditor reads is what the gateway signed.
 */
function useRawBodyCheck(rawBody: string | undefined, recorded: string | undefined): RawBodyCheck {
  const [check, setCheck] = useState<RawBodyCheck>('checking');
  useEffect(() => {
    if (rawBody === undefined || recorded === undefined) {
      setCheck('unavailable');
      return;
    }
    let current = true;
    sha256Hex(rawBody).then(
      (digest) => {
        if (current) setCheck(digest === recorded.toLowerCase() ? 'matches' : 'differs');
      },
      () => {
        if (current) setCheck('unavailable');
      },
    );
    return () => {
      current = false;
    };
  }, [rawBody, recorded]);
  return check;
}

const CHECK_TEXT: Readonly<Record<RawBodyCheck, string>> = {
  checking: 'checking…',
  matches: '✓ matches the raw body below (recomputed in this browser)',
  differs: '✗ does not match the raw body below',
  unavailable: 'not checked here (needs the raw body and a secure context: HTTPS or localhost)',
};

export function Verification(props: {
  readonly metadata: z.infer<typeof verificationSchema>;
  readonly rawBody: string | undefined;
}) {
  const { metadata } = props;
  const check = useRawBodyCheck(props.rawBody, metadata.rawBodySha256);
  return (
    <div class="verification">
      <h4>Verification</h4>
      <dl class="facts">
        <dt>Signature</dt>
        <dd data-testid="signature">
          {metadata.signatureScheme ?? 'not recorded'}
          {metadata.secretIndex === undefined
            ? ''
            : `, verified with secret #${metadata.secretIndex} of the configured list`}
        </dd>
        <dt>Raw body SHA-256</dt>
        <dd>
          <code class="digest">{metadata.rawBodySha256 ?? 'not recorded'}</code>
          <br />
          <span class={`check check-${check}`} data-testid="raw-body-check">
            {CHECK_TEXT[check]}
          </span>
        </dd>
        <dt>Chain hash</dt>
        <dd>
          <code class="digest">{metadata.chain?.hash ?? 'none (written before chaining)'}</code>
        </dd>
        <dt>Correlation id</dt>
        <dd>
          <code>{metadata.correlationId ?? 'not recorded'}</code>
        </dd>
      </dl>
    </div>
  );
}
