import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { login } from '../api';
import { t } from '../i18n';
import { ProblemBox } from '../ui';

export function LoginPage({ onLogin, expired, langSwitch }: { onLogin: (user: string) => void; expired: boolean; langSwitch: ComponentChildren }) {
  const [user, setUser] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const s = await login(user.trim(), password);
      onLogin(s.user);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="login">
      <form class="login-box" onSubmit={submit}>
        <div class="login-head">
          <h1>{t('app.title')}</h1>
          {langSwitch}
        </div>
        {expired ? <div class="notice">{t('login.expired')}</div> : null}
        <label>
          {t('login.user')}
          <input name="user" autoComplete="username" value={user} onInput={(e) => setUser(e.currentTarget.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} required />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <ProblemBox error={error} />
        <p class="hint">{t('login.hint')}</p>
      </form>
    </div>
  );
}
