// The time source of the app. Tests pass a controllable clock (idle timeouts, token expiry).
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
