import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMeter } from '../../../api/readings.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { ReadingHelp } from '../components/ReadingHelp.tsx';
import { ReadingMeterCard } from '../components/ReadingMeterCard.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { listMeters, METERS_KEY } from '../lib/readings.ts';
import { useTenant } from '../lib/site.ts';

function Premise({ address, meters }: { address: string; meters: TMeter[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('readings.premiseHeading', { address })}</h2>
      <div className="readings-meters">
        {meters.map((meter) => (
          <ReadingMeterCard key={meter.id} meter={meter} />
        ))}
      </div>
    </section>
  );
}

function MeterList() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: METERS_KEY, queryFn: ({ signal }) => listMeters(signal) });
  return (
    <QueryState query={query}>
      {(meters) => {
        if (meters.length === 0) return <p>{t('readings.empty')}</p>;
        // One section per consumption point, in the server's order (current meters first).
        const premises = new Map<string, { address: string; meters: TMeter[] }>();
        for (const meter of meters) {
          const group = premises.get(meter.premise.id) ?? { address: meter.premise.address, meters: [] };
          group.meters.push(meter);
          premises.set(meter.premise.id, group);
        }
        return [...premises.entries()].map(([id, group]) => <Premise key={id} address={group.address} meters={group.meters} />);
      }}
    </QueryState>
  );
}

/** /zaehlerstaende: the meters of the selected account, entering a reading with a review step, and the history. */
export function ReadingsPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      <PageHeading title={t('readings.title')} />
      <RequireSession account>
        {() =>
          tenant.modules.includes('readings') ? (
            <>
              <p className="lead">{t('readings.intro')}</p>
              <ReadingHelp />
              <MeterList />
            </>
          ) : (
            <p>{t('readings.notOffered')}</p>
          )
        }
      </RequireSession>
    </>
  );
}
