import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/feedback';

const TYPING_PAUSE_MS = 200;

/** The desk's search box: a name, an email, a phone as people write it, or a card number. */
export function MemberSearchScreen() {
  const api = useApi();
  const { t, date } = useFormats();
  const { q = '' } = useSearch({ from: '/desk' });
  const navigate = useNavigate();
  const [typed, setTyped] = useState(q);
  const [searched, setSearched] = useState(q);

  // Results as you type: the query follows the box after a short pause, and the URL keeps it
  // so that the back button returns to the same results.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearched(typed.trim());
      void navigate({
        to: '/desk',
        search: typed.trim() ? { q: typed.trim() } : {},
        replace: true,
      });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed, navigate]);

  const members = useQuery({
    queryKey: ['members', 'search', searched],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.cards.GET('/v1/members', {
          params: { query: { ...(searched ? { q: searched } : {}), limit: 25 } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="search-title">
      <div className="page-header">
        <h1 id="search-title">{t('search.title')}</h1>
        <Link to="/desk/enrol" className="button button--primary">
          {t('nav.enrol')}
        </Link>
      </div>
      <form role="search" className="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="member-search">{t('search.label')}</label>
        <input
          id="member-search"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          aria-describedby="member-search-hint"
          onChange={(event) => setTyped(event.target.value)}
        />
        <p id="member-search-hint" className="field__hint">
          {t('search.hint')}
        </p>
      </form>
      {members.isError && <ProblemNotice error={members.error} />}
      {members.isPending ? (
        <Loading />
      ) : members.data ? (
        <>
          <p className="results-count" role="status" aria-live="polite">
            {searched
              ? t('search.found', { count: members.data.items.length })
              : t('search.newest')}
          </p>
          {members.data.items.length > 0 && (
            <table className="table">
              <caption className="visually-hidden">{t('search.resultsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('member.name')}</th>
                  <th scope="col">{t('member.email')}</th>
                  <th scope="col">{t('member.phone')}</th>
                  <th scope="col">{t('member.tier')}</th>
                  <th scope="col">{t('member.enrolledAt')}</th>
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((member) => (
                  <tr key={member.id}>
                    <td>
                      <Link to="/desk/members/$memberId" params={{ memberId: member.id }}>
                        {member.name ?? t('member.noName')}
                      </Link>
                    </td>
                    <td>{member.email ?? '—'}</td>
                    <td>{member.phone ?? '—'}</td>
                    <td>{member.tier ?? '—'}</td>
                    <td>{date(member.enrolledAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}
