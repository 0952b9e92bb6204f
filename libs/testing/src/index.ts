export * from './app-harness';
export * from './eventually';
export * from './tcp-proxy';
export * from './test-services';
export * from './card-issuance-fixtures';
export * from './stored-zip';
export * from './throwaway-certificates';
export * from './app-process';
