import './styles/base.css';
import './styles/shell.css';
import './styles/lists.css';
import './styles/trace.css';
import './styles/detail.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
