/** `npm run cds-hooks`: the CDS Hooks service, configured from the environment (cds-hooks/config.ts). */
import { configFromEnv } from './config';
import { startCdsService } from './server';

async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  const running = await startCdsService({
    port: config.port,
    host: process.env.CDS_HOOKS_HOST || undefined,
    baseUrl: config.baseUrl,
    clients: config.clients,
    feedbackFile: config.feedbackFile,
    appLaunchUrl: config.appLaunchUrl,
  });
  console.log(`CDS Hooks service running.
  Discovery:  ${config.baseUrl}/cds-services (listening on ${running.url})
  Clients:    ${config.clientsSource}
  Feedback:   ${config.feedbackFile}
  App link:   ${config.appLaunchUrl}`);
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('The CDS Hooks service could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
