// zxcvbn-ts with the common and German dictionaries. Large (several hundred kB): only ever loaded
// through loadStrengthEstimator() in passwordStrength.ts, so it becomes a chunk of its own.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as german } from '@zxcvbn-ts/language-de';
import type { StrengthEstimate, StrengthEstimator } from './passwordStrength.ts';
import { toEstimate, userInputWords } from './passwordStrength.ts';

export function createEstimator(): StrengthEstimator {
  // No translations: feedback comes back as keys, translated with the portal's catalogs.
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common, ...german },
    graphs: adjacencyGraphs,
    useLevenshteinDistance: true,
  });
  return (password: string, userInputs: readonly string[]): StrengthEstimate => {
    const result = zxcvbn.check(password, userInputWords(userInputs));
    return toEstimate(result.score, result.feedback.warning);
  };
}
