import { z } from 'zod';
import { GATEWAY_NAMES, isGatewayName } from '../../webhooks/gateway.js';
import type { ExportFilter } from './exportEvents.js';

const DAY_MS = 86_400_000;
const isDateOnly = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/**
 * An ISO 8601 date (a UTC day) or a date and time with an offset (`Z`, `+05:30`): a time
 * without one would mean whatever time zone the reader happens to be in.
 */
const instantText = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .describe('an ISO 8601 date, or a date and time with an offset (Z or +05:30)');

/**
 * The filter of an export, as `GET /audit/export` and `payledger export` both take it: `from`
 * (at or after; a date is that day's start), `to` (before; a date includes that whole day, UTC)
 * and `gateway`.
 */
export const exportFilterSchema = z
  .object({
    from: instantText.transform((text) => new Date(text)).optional(),
    to: instantText
      .transform((text) => new Date(new Date(text).getTime() + (isDateOnly(text) ? DAY_MS : 0)))
      .optional(),
    gateway: z
      .string()
      .refine(isGatewayName, `must be one of ${GATEWAY_NAMES.join(', ')}`)
      .optional(),
  })
  .transform(({ from, to, gateway }): ExportFilter => ({
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(gateway !== undefined ? { gateway } : {}),
  }));
