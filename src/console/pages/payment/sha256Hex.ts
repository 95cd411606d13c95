/** Hex SHA-256 of a text's UTF-8 bytes; Web Crypto exists only in secure contexts. */
export async function sha256Hex(text: string): Promise<string> {
  // `crypto.subtle` is undefined outside secure contexts, whatever lib.dom.d.ts says.
  const subtle = crypto.subtle as SubtleCrypto | undefined;
  if (!subtle) throw new Error('Web Crypto is not available here');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
