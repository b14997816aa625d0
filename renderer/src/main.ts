// The renderer's entry: connects to the API and mounts the console.
import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './lib/api/connect.js';
import { ConsoleState } from './lib/console.svelte.js';
import './styles/tokens.css';
import './styles/base.css';

let state: ConsoleState | null = null;
let connected = false;
const api = connectApi((c) => {
  connected = c;
  if (state) state.connected = c;
});
state = new ConsoleState(api);
if (connected) state.connected = true;
mount(App, { target: document.getElementById('app')!, props: { state } });
