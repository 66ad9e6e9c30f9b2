// The operator console's pages on the installation host. Paths are German in both languages.
export const CONSOLE = '/betrieb';

export const opPaths = {
  overview: CONSOLE,
  signIn: `${CONSOLE}/anmelden`,
  invitation: `${CONSOLE}/einladung`,
  messages: `${CONSOLE}/nachrichten`,
  team: `${CONSOLE}/team`,
} as const;

export function tenantPath(slug: string): string {
  return `${CONSOLE}/mandanten/${encodeURIComponent(slug)}`;
}

/** Query parameter of the sign-in page after the session ended. */
export const EXPIRED_PARAM = 'abgelaufen';

export interface OperatorSignInState {
  from?: string;
  signedOut?: boolean;
  enrol?: boolean;
}

export function operatorSignInState(state: unknown): OperatorSignInState {
  if (typeof state !== 'object' || state === null) return {};
  const record = state as Record<string, unknown>;
  const from = typeof record.from === 'string' && record.from.startsWith(CONSOLE) && !record.from.startsWith(opPaths.signIn) ? record.from : undefined;
  return {
    ...(from ? { from } : {}),
    ...(record.signedOut === true ? { signedOut: true } : {}),
    ...(record.enrol === true ? { enrol: true } : {}),
  };
}
