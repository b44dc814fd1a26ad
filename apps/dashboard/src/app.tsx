import { useEffect, useMemo, useState } from 'preact/hooks';
import { LedgerApi, storedKey, storeKey, type FigureList, type Loaded } from './api';
import { FigureView } from './figure-view';
import { LedgerStatus, Unavailable } from './ledger-status';

export function App() {
  const [key, setKey] = useState<string | null>(storedKey());
  const signOut = () => {
    storeKey(null);
    setKey(null);
  };
  return key === null ? <SignIn onSignedIn={setKey} /> : <Dashboard apiKey={key} onSignOut={signOut} />;
}

function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const key = typed.trim();
    if (key === '') return;
    setProblem('');
    try {
      await new LedgerApi(key).get<FigureList>('/v1/figures');
      storeKey(key);
      onSignedIn(key);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <main class="sign-in">
      <h1>Cooperation Ledger</h1>
      <p>The exchange's published law-enforcement cooperation figures, each traceable to the events behind it.</p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          API key
          <input
            type="password"
            name="apiKey"
            data-testid="api-key"
            autoComplete="off"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </label>
        <button type="submit" data-testid="sign-in">
          Sign in
        </button>
      </form>
      {problem && (
        <p class="bad" data-testid="sign-in-problem">
          {problem}
        </p>
      )}
      <p class="muted">The key stays in this tab (session storage) and is sent as a bearer token.</p>
    </main>
  );
}

function currentFigureName(): string | undefined {
  const match = /^#\/figures\/([\w-]+)$/.exec(location.hash);
  return match?.[1];
}

function Dashboard({ apiKey, onSignOut }: { apiKey: string; onSignOut: () => void }) {
  const api = useMemo(() => new LedgerApi(apiKey, onSignOut), [apiKey]);
  const [list, setList] = useState<Loaded<FigureList>>({ status: 'loading' });
  const [selected, setSelected] = useState<string | undefined>(currentFigureName());

  useEffect(() => {
    void api.load<FigureList>('/v1/figures').then(setList);
    const onHash = () => setSelected(currentFigureName());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [api]);

  const figures = list.status === 'ok' ? list.value.figures : [];
  const figure = figures.find((f) => f.name === selected) ?? figures[0];

  return (
    <div class="dashboard">
      <header class="top">
        <h1>Cooperation Ledger</h1>
        <nav>
          {figures.map((f) => (
            <a key={f.name} href={`#/figures/${f.name}`} class={f === figure ? 'active' : ''} data-testid={`tab-${f.name}`}>
              {f.title}
            </a>
          ))}
        </nav>
        <button type="button" class="link" data-testid="sign-out" onClick={onSignOut}>
          sign out
        </button>
      </header>
      <LedgerStatus api={api} projector={list.status === 'ok' ? list.value.projector : undefined} />
      <main>
        {list.status !== 'ok' ? (
          <Unavailable loaded={list} />
        ) : figure ? (
          <FigureView key={figure.name} api={api} figure={figure} />
        ) : (
          <p>No figures defined.</p>
        )}
      </main>
    </div>
  );
}
