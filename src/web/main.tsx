import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError, setCsrfToken, setSessionLostHandler } from './api/client.ts';
import { App } from './App.tsx';
import { setupI18n } from './i18n/index.ts';
import { ME_KEY } from './session.tsx';

const retry = (failures: number, error: unknown) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { refetchOnWindowFocus: false, retry, staleTime: 10_000 },
  },
});

// A session that ended elsewhere (expiry, sign-out everywhere) sends the person back to sign-in.
setSessionLostHandler(() => {
  setCsrfToken(null);
  queryClient.setQueryData(ME_KEY, null);
});

void setupI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
