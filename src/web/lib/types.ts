/** Shapes of the API answers the UI reads (docs/http-api.md and /openapi.json are the reference). */
export interface Me {
  kind: string;
  id: string | null;
  role: string | null;
  scopes: string[];
  teams: string[];
  key_id: string | null;
  user: { id: string; name: string; email: string | null; role: string } | null;
}

export interface CatalogItem {
  id: string;
  name: string;
  version: string;
  description: string;
  category: string;
  source: string;
  source_id: string;
  owner_id: string | null;
  visibility: string;
  tags: string[];
  versions_count: number;
  updated_at: string;
  scan_status: string;
  max_severity: string | null;
  quarantined: boolean;
  runnable: boolean;
  blocked_reason: string | null;
  quarantine_note: string | null;
}

export interface Conflict {
  name: string;
  version: string;
  served: { source: string; source_id: string; source_path: string };
  shadowed: Array<{ source: string; source_id: string; source_path: string }>;
}

export interface CatalogPage {
  skills: CatalogItem[];
  meta: { total: number; page: number | null; page_size: number; has_more: boolean; next_cursor: string | null; conflicts: Conflict[] };
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  file: string;
  field: string;
  line?: number;
  message: string;
}

export interface SkillDetail {
  skill: {
    name: string;
    version: string;
    category: string;
    description: string;
    content: string;
    requires_role: string | null;
    requires_tools: string[];
    dangerous: boolean;
    enabled: boolean;
    author: string | null;
    license: string | null;
    metadata: Record<string, unknown>;
    frontmatter: Record<string, unknown>;
    layout: string;
    files: Array<{ path: string; size: number; sha256: string }>;
  };
  metadata: { source: string; source_id: string; source_path: string; content_hash: string; loaded_at: string; warnings: Diagnostic[] };
}

export interface VersionSummary {
  name: string;
  version: string;
  enabled: boolean;
  source: string;
  description: string;
}

export interface Finding {
  rule_id: string;
  category: string;
  severity: string;
  title: string;
  message: string;
  file_path: string;
  line: number;
  column?: number;
  snippet: string;
  remediation?: string;
  /** Why the finding is below its rule's severity: the text documents the attack. */
  context?: 'negated' | 'described-attack' | 'detection-skill';
}

export interface ScanContentResult {
  passed: boolean;
  blocked: boolean;
  scan_status: string;
  max_severity: string | null;
  blocked_reason: string | null;
  findings: Finding[];
}

export interface AgentSkill {
  id: string;
  name: string;
  description: string;
  category: string;
  version: string;
  skill_content: string;
  visibility: 'private' | 'team' | 'global';
  shared_with_teams: string[];
  owner_id: string;
  is_system: boolean;
  template_source_id: string | null;
  created_at: string;
  updated_at: string;
  revision: number;
  scan_status: string;
  ancillary_files: Record<string, string>;
}

export interface ScanJob {
  id: string;
  kind: string;
  status: string;
  progress: { total: number; done: number };
  summary: { passed: number; flagged: number; error: number };
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested: boolean;
}

export interface UiConfig {
  version: string;
  public_read: boolean;
  oidc: { issuer: string; client_id: string; authorization_endpoint: string; scopes: string[] } | null;
  oidc_error: string | null;
}
