import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and heavy server-only packages stay out of the bundle.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 'ccxt'],
};

export default nextConfig;
