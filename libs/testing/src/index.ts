export * from './app-harness';
export * from './eventually';
export * from './tcp-proxy';
export * from './test-services';
