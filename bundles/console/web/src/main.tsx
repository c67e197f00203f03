import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';
import { get, logout, session, whenUnauthorized } from './api';
import { label, lang, setLang, t } from './i18n';
import { onLanguageChange } from './state';
import { LoginPage } from './pages/login';
import { DashboardPage } from './pages/dashboard';
import { CustomerListPage, CustomerPage } from './pages/customers';
import { SegmentsPage } from './pages/segments';
import { MassSendsPage } from './pages/masssends';
import { SopsPage, TasksPage } from './pages/sops';
import { BoardsPage } from './pages/boards';
import { ChannelsPage } from './pages/channels';
import { EditionsPage } from './pages/editions';
import { ReportsPage } from './pages/reports';
import { ChannelStatsPage } from './pages/channelstats';

// Hash routes (#/customers/12): the bundle serves one index.html, and links survive a reload.
function currentRoute(): string[] {
  const hash = location.hash.replace(/^#\/?/, '');
  return hash.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
}

export function navigate(path: string) {
  location.hash = '#/' + path.replace(/^\//, '');
}

const NAV: [string, string][] = [
  ['dashboard', 'nav.dashboard'],
  ['boards', 'nav.boards'],
  ['channel-stats', 'nav.channelStats'],
  ['customers', 'nav.customers'],
  ['segments', 'nav.segments'],
  ['mass-sends', 'nav.massSends'],
  ['sops', 'nav.sops'],
  ['tasks', 'nav.tasks'],
  ['channels', 'nav.channels'],
  ['editions', 'nav.editions'],
  ['reports', 'nav.reports'],
];

function Page({ route }: { route: string[] }) {
  const [first, second] = route;
  switch (first) {
    case 'customers':
      return second ? <CustomerPage id={Number(second)} /> : <CustomerListPage />;
    case 'segments':
      return <SegmentsPage />;
    case 'mass-sends':
      return <MassSendsPage selected={second ? Number(second) : undefined} />;
    case 'sops':
      return <SopsPage route={second} />;
    case 'tasks':
      return <TasksPage />;
    case 'boards':
      return <BoardsPage selected={second} />;
    case 'channels':
      return <ChannelsPage />;
    case 'editions':
      return <EditionsPage />;
    case 'reports':
      return <ReportsPage />;
    case 'channel-stats':
      return <ChannelStatsPage />;
    default:
      return <DashboardPage />;
  }
}

function App() {
  const [route, setRoute] = useState(currentRoute());
  const [, setVersion] = useState(0);
  const [user, setUser] = useState(session()?.user ?? null);
  const [expired, setExpired] = useState(false);
  const [edition, setEdition] = useState<string | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    const off = onLanguageChange(() => setVersion((v) => v + 1));
    // The node's edition, from the health probe (no login needed): the operator sees which one runs.
    get<{ edition?: string | null }>('health').then((h) => setEdition(h.edition ?? null), () => setEdition(null));
    whenUnauthorized(() => {
      setUser(null);
      setExpired(true);
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      off();
    };
  }, []);

  const switchLang = (
    <button class="link lang" data-testid="lang" onClick={() => setLang(lang() === 'zh' ? 'en' : 'zh')}>
      {t('lang.switch')}
    </button>
  );

  if (!user) {
    return (
      <LoginPage
        expired={expired}
        langSwitch={switchLang}
        onLogin={(u) => {
          setExpired(false);
          setUser(u);
        }}
      />
    );
  }
  const active = route[0] ?? 'dashboard';
  return (
    <div class="shell">
      <aside class="sidebar">
        <div class="brand">{t('app.brand')}</div>
        <nav>
          {NAV.map(([path, key]) => (
            <a key={path} href={`#/${path}`} class={active === path ? 'active' : ''} data-nav={path}>
              {t(key)}
            </a>
          ))}
        </nav>
      </aside>
      <div class="main">
        <header class="topbar">
          {edition ? <span class="badge" data-testid="edition">{label('edition', edition)}</span> : null}
          <span class="user" data-testid="user">{user}</span>
          {switchLang}
          <button
            class="link"
            data-testid="logout"
            onClick={() => {
              logout();
              setUser(null);
            }}
          >
            {t('nav.logout')}
          </button>
        </header>
        <main class="content">
          <Page route={route} />
        </main>
      </div>
    </div>
  );
}

setLang(lang());
render(<App />, document.getElementById('app')!);
