import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The first test of a file waits for the lazily loaded screens to be transformed; on a busy 2-core
// machine that can take longer than Testing Library's 1 s default. Waiting longer asserts nothing less.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});
