/** The current time, injected so tests can put a signature's timestamp anywhere they like. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
