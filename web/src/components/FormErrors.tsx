import { useEffect, useId, useRef, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage, problemRequestId, type CodeMessages } from '../lib/problems.ts';
import type { Form } from '../lib/useForm.ts';
import { RestoredDraftNotice } from './DraftNotice.tsx';

/** Moves focus to a field from the summary, with its label in view. */
function jumpTo(event: MouseEvent<HTMLAnchorElement>, targetId: string): void {
  const target = document.getElementById(targetId);
  if (!target) return;
  event.preventDefault();
  (target.closest('.field') ?? target).scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}

/**
 * The box at the top of a form after a failed submit; it takes the focus. Field messages are
 * listed as links to their fields ("Bitte korrigieren Sie folgende Angaben:"); a failure that is
 * not about a field is explained in words, by the form's own texts (`messages`, `renderProblem`)
 * or the server's. Before any submit it shows the hint that the values came back from a draft
 * (useForm clears `restored` when the form is submitted, so the two never appear together).
 */
export function FormErrors<F extends string>({
  form,
  messages,
  problemTitle,
  renderProblem,
}: {
  form: Form<F>;
  messages?: CodeMessages;
  problemTitle?: (problem: unknown) => string | undefined;
  renderProblem?: (problem: unknown) => ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);
  const { problem, summary, failedAttempts } = form;
  useEffect(() => {
    if (failedAttempts > 0) box.current?.focus();
  }, [failedAttempts]);
  const hasProblem = problem !== null;
  if (!hasProblem && summary.length === 0) return <RestoredDraftNotice restored={form.restored} />;
  const requestId = problemRequestId(problem);
  const title = summary.length > 0 ? t('form.errorSummary') : (problemTitle?.(problem) ?? t('form.problemHeading'));
  return (
    <div ref={box} tabIndex={-1} className="error-summary" aria-labelledby={headingId}>
      <div role="alert">
        <h2 id={headingId} className="error-summary__title">
          {title}
        </h2>
        {hasProblem && (renderProblem?.(problem) ?? <p>{problemMessage(t, problem, messages)}</p>)}
        {requestId && (
          <p className="notice__detail">
            {t('status.requestId')} <code>{requestId}</code>
          </p>
        )}
        {summary.length > 0 && (
          <ul className="error-summary__list">
            {summary.map((item, index) => (
              <li key={`${item.targetId ?? ''}${String(index)}`}>
                {item.targetId ? (
                  <a
                    href={`#${item.targetId}`}
                    onClick={(event) => {
                      if (item.targetId) jumpTo(event, item.targetId);
                    }}
                  >
                    {item.message}
                  </a>
                ) : (
                  item.message
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
