/**
 * The outcome of an action, announced: a polite status for success, an alert for a failure. The
 * live region is always there (empty at first), so screen readers announce the text when it comes.
 */
export interface Result {
  text: string;
  error?: boolean;
}

export function ResultMessage({ result }: { result: Result | null }) {
  return (
    <>
      <div role="status" className={result && !result.error ? 'notice notice--success' : undefined}>
        {result && !result.error && <p>{result.text}</p>}
      </div>
      <div role="alert" className={result?.error ? 'notice notice--error' : undefined}>
        {result?.error && <p>{result.text}</p>}
      </div>
    </>
  );
}
