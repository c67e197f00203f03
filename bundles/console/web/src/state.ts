// The few app-wide signals: the language changed (re-render everything), the route changed.
type Listener = () => void;
const languageListeners = new Set<Listener>();

export function onLanguageChange(l: Listener): () => void {
  languageListeners.add(l);
  return () => languageListeners.delete(l);
}

export function signalLanguageChange() {
  languageListeners.forEach((l) => l());
}
