import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/get-api';
import { App } from './app/App';
import { createAppStore } from './app/store';
import { LiveBuffer } from './live/live-buffer';
import './styles.css';

// The connection, the service snapshot and the live buffer live for the whole page, outside React's lifecycle.
const api = getApi();
const store = createAppStore(api);
const liveBuffer = new LiveBuffer();
liveBuffer.attach(api);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App api={api} store={store} liveBuffer={liveBuffer} />
  </StrictMode>,
);
