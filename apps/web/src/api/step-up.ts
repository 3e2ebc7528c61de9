import { type StepUpPurpose, stepUpVerifyResponseSchema } from '@gatehouse/shared';
import { useMutation } from '@tanstack/react-query';
import { activityRecorded } from './activity';
import { api } from './client';

export type StepUpProof = { password: string } | { code: string } | { recoveryCode: string };

/** Records a fresh grant for this session and purpose; the client then retries the action. */
export function useVerifyStepUp() {
  return useMutation({
    mutationFn: ({ purpose, proof }: { purpose: StepUpPurpose; proof: StepUpProof }) =>
      api.post('/api/security/stepup/verify', stepUpVerifyResponseSchema, { purpose, ...proof }),
    onSettled: (_answer, _error, _proof, _result, { client }) => activityRecorded(client),
  });
}
