// The theme script and storage key, in a plain module so the (server) layout can inline the script.
export const THEME_KEY = 'backtalk-theme';

/** Runs in <head> before the first paint: the saved choice, else the system preference. */
export const THEME_SCRIPT = `(function(){var d=document.documentElement;try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t!=='dark'&&t!=='light'){t=window.matchMedia('(prefers-color-scheme: light)').matches?'light':'dark'}d.dataset.theme=t}catch(e){d.dataset.theme='dark'}})()`;
