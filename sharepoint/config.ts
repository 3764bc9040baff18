/**
 * The Graph / SharePoint part of the configuration, parsed once at start-up (config/ merges
 * this fragment into the app's schema). Fails fast naming the variable at fault; the secret
 * never appears in the redacted summary.
 */
import { z } from 'zod';

export const graphConfigSchema = z
  .object({
    GRAPH_TENANT_ID: z.string().min(1, 'GRAPH_TENANT_ID is required (the Entra tenant id)'),
    GRAPH_CLIENT_ID: z.string().min(1, 'GRAPH_CLIENT_ID is required (the app registration id)'),
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    /** PEM file holding the certificate and its private key (preferred over a secret). */
    GRAPH_CERTIFICATE_PATH: z.string().min(1).optional(),
    /** Graph root including the version; a sovereign cloud uses its own host. */
    GRAPH_BASE_URL: z
      .string()
      .url('GRAPH_BASE_URL must be a URL such as https://graph.microsoft.com/v1.0')
      .default('https://graph.microsoft.com/v1.0'),
    /** Entra authority host, e.g. https://login.microsoftonline.us for US Government. */
    GRAPH_AUTHORITY_HOST: z.string().url('GRAPH_AUTHORITY_HOST must be a URL').optional(),
    /** The site: `https://contoso.sharepoint.com/sites/supervision`, `host:/sites/x` or a site id. */
    SHAREPOINT_SITE: z.string().min(1, 'SHAREPOINT_SITE is required (site URL or id)'),
  })
  .refine((c) => Boolean(c.GRAPH_CLIENT_SECRET) !== Boolean(c.GRAPH_CERTIFICATE_PATH), {
    message: 'Set exactly one of GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH',
    path: ['GRAPH_CLIENT_SECRET'],
  });

export type GraphConfig = z.infer<typeof graphConfigSchema>;

/** Parses the variables, throwing an Error whose message names each variable at fault. */
export function parseGraphConfig(env: Record<string, string | undefined>): GraphConfig {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const r = graphConfigSchema.safeParse(cleaned);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
  throw new Error(`Invalid Graph configuration:\n  ${lines.join('\n  ')}`);
}

/** Safe to log: no secret, no certificate path contents. */
export function redactGraphConfig(c: GraphConfig): Record<string, string> {
  return {
    GRAPH_TENANT_ID: c.GRAPH_TENANT_ID,
    GRAPH_CLIENT_ID: c.GRAPH_CLIENT_ID,
    GRAPH_AUTH: c.GRAPH_CERTIFICATE_PATH ? 'certificate' : 'secret',
    GRAPH_BASE_URL: c.GRAPH_BASE_URL,
    GRAPH_AUTHORITY_HOST: c.GRAPH_AUTHORITY_HOST ?? '(default)',
    SHAREPOINT_SITE: c.SHAREPOINT_SITE,
  };
}
