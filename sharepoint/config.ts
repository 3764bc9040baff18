/**
 * The Graph / SharePoint part of the configuration, parsed once at start-up (config/ merges
 * this fragment into the app's schema). Fails fast naming the variable at fault; the secret
 * never appears in the redacted summary.
 */
import { z } from 'zod';

export const graphConfigSchema = z
  .object({
    /** The Entra tenant id (secret or certificate; a managed identity knows its tenant). */
    GRAPH_TENANT_ID: z.string().min(1).optional(),
    /** The app registration's client id (secret or certificate). */
    GRAPH_CLIENT_ID: z.string().min(1).optional(),
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    /** PEM file holding the certificate and its private key (preferred over a secret). */
    GRAPH_CERTIFICATE_PATH: z.string().min(1).optional(),
    /**
     * Client id of the user-assigned managed identity that calls Graph (production: no secret
     * to hold). The token comes from the host's identity endpoint (App Service, Container
     * Apps, VM), so GRAPH_TENANT_ID and GRAPH_CLIENT_ID are not needed.
     */
    GRAPH_MANAGED_IDENTITY_CLIENT_ID: z.string().min(1).optional(),
    /** Graph root including the version; a sovereign cloud uses its own host. */
    GRAPH_BASE_URL: z
      .string()
      .url('GRAPH_BASE_URL must be a URL such as https://graph.microsoft.com/v1.0')
      .default('https://graph.microsoft.com/v1.0'),
    /** Entra authority host, e.g. https://login.microsoftonline.us for US Government. */
    GRAPH_AUTHORITY_HOST: z.string().url('GRAPH_AUTHORITY_HOST must be a URL').optional(),
    /** The site: `https://contoso.sharepoint.com/sites/supervision`, `host:/sites/x` or a site id. */
    // Checked in superRefine, after the sign-in variables, so that a configuration with no Graph
    // variables at all first names how to sign in.
    SHAREPOINT_SITE: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    const issue = (variable: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
    const ways = [
      c.GRAPH_CLIENT_SECRET,
      c.GRAPH_CERTIFICATE_PATH,
      c.GRAPH_MANAGED_IDENTITY_CLIENT_ID,
    ].filter(Boolean).length;
    if (ways === 1 && !c.GRAPH_MANAGED_IDENTITY_CLIENT_ID) {
      if (!c.GRAPH_TENANT_ID)
        issue(
          'GRAPH_TENANT_ID',
          'GRAPH_TENANT_ID is required (the Entra tenant id) with a secret or certificate',
        );
      if (!c.GRAPH_CLIENT_ID)
        issue(
          'GRAPH_CLIENT_ID',
          'GRAPH_CLIENT_ID is required (the app registration id) with a secret or certificate',
        );
    }
    if (
      ways === 0 &&
      (c.GRAPH_TENANT_ID || c.GRAPH_CLIENT_ID || !c.GRAPH_MANAGED_IDENTITY_CLIENT_ID)
    )
      // Nothing to sign in with: name the variables an admin is most likely to have missed.
      for (const v of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID'] as const)
        if (!c[v]) issue(v, `${v} is required (or set GRAPH_MANAGED_IDENTITY_CLIENT_ID)`);
    if (ways !== 1)
      issue(
        'GRAPH_CLIENT_SECRET',
        'Set exactly one of GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH or GRAPH_MANAGED_IDENTITY_CLIENT_ID',
      );
    if (!c.SHAREPOINT_SITE)
      issue('SHAREPOINT_SITE', 'SHAREPOINT_SITE is required (site URL or id)');
  });

export type GraphConfig = Omit<z.infer<typeof graphConfigSchema>, 'SHAREPOINT_SITE'> & {
  SHAREPOINT_SITE: string;
};

/** Parses the variables, throwing an Error whose message names each variable at fault. */
export function parseGraphConfig(env: Record<string, string | undefined>): GraphConfig {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const r = graphConfigSchema.safeParse(cleaned);
  if (r.success) return r.data as GraphConfig;
  const lines = r.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
  throw new Error(`Invalid Graph configuration:\n  ${lines.join('\n  ')}`);
}

/** Safe to log: no secret, no certificate path contents. */
export function redactGraphConfig(c: GraphConfig): Record<string, string> {
  return {
    ...(c.GRAPH_MANAGED_IDENTITY_CLIENT_ID
      ? { GRAPH_MANAGED_IDENTITY_CLIENT_ID: c.GRAPH_MANAGED_IDENTITY_CLIENT_ID }
      : { GRAPH_TENANT_ID: c.GRAPH_TENANT_ID ?? '', GRAPH_CLIENT_ID: c.GRAPH_CLIENT_ID ?? '' }),
    GRAPH_AUTH: graphAuthKind(c),
    GRAPH_BASE_URL: c.GRAPH_BASE_URL,
    GRAPH_AUTHORITY_HOST: c.GRAPH_AUTHORITY_HOST ?? '(default)',
    SHAREPOINT_SITE: c.SHAREPOINT_SITE,
  };
}

export function graphAuthKind(c: GraphConfig): 'managed-identity' | 'certificate' | 'secret' {
  return c.GRAPH_MANAGED_IDENTITY_CLIENT_ID
    ? 'managed-identity'
    : c.GRAPH_CERTIFICATE_PATH
      ? 'certificate'
      : 'secret';
}
