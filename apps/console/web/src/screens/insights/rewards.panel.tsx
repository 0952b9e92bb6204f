import type { ChartConfiguration } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { useInsight } from './insight-query';

/** Rewards claimed and used, voucher breakage, and what referrals bring. */
export function RewardsPanel() {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const rewards = useInsight(['rewards'], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/rewards')),
  );
  const data = rewards.data;
  const series = [
    ['redeemed', t('dashboard.rewards.redeemed')],
    ['issued', t('dashboard.rewards.issued')],
    ['returned', t('dashboard.rewards.returned')],
    ['expired', t('dashboard.rewards.expired')],
  ] as const;
  const config = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: (data?.rewards ?? []).map((reward) => reward.code),
        datasets: series.map(([key, label], index) => ({
          label,
          data: (data?.rewards ?? []).map((reward) => reward[key]),
          backgroundColor: SERIES_COLOURS[index],
        })),
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { position: 'bottom' } },
        scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } },
      },
    }),
    [data, t],
  );
  const referrals = data?.referrals;
  return (
    <ChartPanel
      title={t('dashboard.rewards.title')}
      description={t('dashboard.rewards.description')}
      csvName="rewards"
      empty={data !== undefined && data.rewards.length === 0}
      table={{
        header: [
          t('dashboard.col.reward'),
          t('dashboard.rewards.claimed'),
          ...series.map(([, label]) => label),
          t('dashboard.rewards.points'),
        ],
        rows: (data?.rewards ?? []).map((reward) => [
          reward.code,
          reward.claimed,
          reward.redeemed,
          reward.issued,
          reward.returned,
          reward.expired,
          reward.pointsClaimed,
        ]),
      }}
      figures={
        data &&
        referrals && (
          <ul className="figures">
            <li>
              {t('dashboard.rewards.breakage', {
                rate:
                  data.vouchers.breakageRate === null ? '—' : f.percent(data.vouchers.breakageRate),
                points: f.number(data.vouchers.pointsForfeited),
              })}
            </li>
            <li>
              {t('dashboard.rewards.referrals', {
                count: f.number(referrals.referrals),
                rewarded: f.number(referrals.rewarded),
                rate: referrals.conversionRate === null ? '—' : f.percent(referrals.conversionRate),
              })}
            </li>
            <li>
              {t('dashboard.rewards.referredClv', {
                referred:
                  referrals.referred.meanClvMinor === null
                    ? '—'
                    : f.money(referrals.referred.meanClvMinor),
                others:
                  referrals.others.meanClvMinor === null
                    ? '—'
                    : f.money(referrals.others.meanClvMinor),
              })}
            </li>
          </ul>
        )
      }
    >
      <QueryView query={rewards}>
        {() => <ChartCanvas config={config} label={t('dashboard.rewards.title')} height={200} />}
      </QueryView>
    </ChartPanel>
  );
}
