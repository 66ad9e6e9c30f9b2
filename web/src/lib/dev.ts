// Development helpers used by the demo overview on the root host (/dev/*, never in production).
import { ZDevInvitationResponse, type TDevInvitationRequest, type TDevInvitationResponse } from '../../../api/dev.ts';
import { request } from './api.ts';

/** An invitation link mailed for a customer account, as staff will send it from the back office. */
export async function sendDevInvitation(input: TDevInvitationRequest): Promise<TDevInvitationResponse> {
  return (await request('/dev/invitations', ZDevInvitationResponse, { method: 'POST', body: input })).data;
}
