import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, setCsrfToken } from './api/client.ts';
import type { Me, Stage } from './api/types.ts';

export const ME_KEY = ['me'] as const;

/** The current session (null when signed out), kept in the query cache under ['me']. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** Updates the cached session after a sign-in step. */
export function useSessionUpdate() {
  const queryClient = useQueryClient();
  return {
    signedIn(me: Me) {
      setCsrfToken(me.csrfToken);
      queryClient.setQueryData(ME_KEY, me);
    },
    advanced(stage: Stage) {
      queryClient.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, stage } : me));
    },
    signedOut() {
      setCsrfToken(null);
      // The session query stays and turns null, so the mounted app sees it at once; clearing the
      // whole client would leave its observers on the removed query, still holding the user.
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
    },
  };
}

/**
 * Ends the session (or every session of the user) and goes back to sign-in. A plain async call, not
 * a mutation: forgetting the session clears the query client, mutations included, and a mutation's
 * own callbacks would then never run.
 */
export function useSignOut() {
  const navigate = useNavigate();
  const session = useSessionUpdate();
  const [pending, setPending] = useState(false);
  const signOut = async (everywhere = false) => {
    setPending(true);
    try {
      await api.post(everywhere ? '/auth/sign-out-everywhere' : '/auth/sign-out');
    } catch {
      // Signed out here all the same: a session the server could not end expires on its own.
    } finally {
      session.signedOut();
      void navigate('/sign-in', { replace: true });
    }
  };
  return { signOut, pending };
}

/** The page each sign-in stage belongs on. */
export function stagePath(stage: Stage): string {
  switch (stage) {
    case 'password_change':
      return '/sign-in/password';
    case 'mfa_enrol':
      return '/sign-in/mfa-setup';
    case 'mfa_challenge':
      return '/sign-in/mfa';
    case 'active':
      return '/';
  }
}
