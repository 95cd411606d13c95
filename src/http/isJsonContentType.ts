/** `application/json` or `application/*+json`, in UTF-8 (stated or implied). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [mediaType = '', ...parameters] = header
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType))
    return false;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='));
  return (
    charset === undefined || ['charset=utf-8', 'charset="utf-8"', 'charset=utf8'].includes(charset)
  );
}
