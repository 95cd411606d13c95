import { Metadata, status, type ServerErrorResponse } from '@grpc/grpc-js';

/** A gRPC status as the server's `RpcExceptions` raise it. */
export function serverError(
  code: status,
  details: string,
  metadata = new Metadata(),
): ServerErrorResponse {
  return Object.assign(new Error(details), { code, details, metadata });
}

/** `RpcExceptions.ServerNotReady`: what a node answers before it has become leader. */
export const serverNotReady = () => serverError(status.UNAVAILABLE, 'Server Is Not Ready');

/**
 * Ends a server-streaming call with an error status. `destroy(error)` would drop the call without
 * a status and leave the client waiting forever; emitting 'error' sends the status (grpc-js
 * `ServerWritableStreamImpl`).
 */
export function failCall(
  call: { emit(event: 'error', error: Error): boolean },
  error: Error,
): void {
  call.emit('error', error);
}
