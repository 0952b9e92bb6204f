import { useState } from 'react';
import type { Period } from './insight-query';
import { useFormats } from '../../i18n/i18n';
import { SelectField } from '../../ui/fields';
import { AcquisitionPanel } from './acquisition.panel';
import { ClvDistributionPanel } from './clv-distribution.panel';
import { CohortsPanel } from './cohorts.panel';
import { EquityPanel } from './equity.panel';
import { PointsPanel } from './points.panel';
import { RewardsPanel } from './rewards.panel';
import { SurveysPanel } from './surveys.panel';
import { TiersPanel } from './tiers.panel';

/**
 * Marketing's dashboard: customer value and what moves it, as plots with their numbers on hover,
 * a table under each and a CSV download. The periods apply to the plots over time.
 */
export function DashboardScreen() {
  const { t } = useFormats();
  const [period, setPeriod] = useState<Period>('month');
  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <div className="page-header">
        <h1 id="dashboard-title">{t('dashboard.title')}</h1>
        <SelectField
          label={t('dashboard.period')}
          value={period}
          options={(['week', 'month', 'quarter'] as const).map((value) => ({
            value,
            label: t(`dashboard.period.${value}`),
          }))}
          onChange={(event) => setPeriod(event.target.value as Period)}
        />
      </div>
      <div className="dashboard__grid">
        <EquityPanel />
        <ClvDistributionPanel />
        <TiersPanel period={period} />
        <CohortsPanel period={period} />
        <AcquisitionPanel />
        <SurveysPanel period={period} />
        <PointsPanel />
        <RewardsPanel />
      </div>
    </section>
  );
}

export default DashboardScreen;
